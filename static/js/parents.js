// The consultation service's forms: small enhancements; every form works without this script.
document.addEventListener("DOMContentLoaded", () => {
  // After a refused post, take keyboard and screen-reader users straight to what is wrong.
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  const form = document.querySelector("[data-request-form]");
  if (!form) {
    return;
  }

  // Only the schools of the chosen municipality (the server checks the pair as well).
  const municipality = form.querySelector("select[name=municipality]");
  const school = form.querySelector("select[name=school]");
  if (municipality && school) {
    const narrow = () => {
      const chosen = municipality.value;
      for (const option of school.options) {
        if (!option.dataset.municipality) {
          continue;
        }
        const visible = !chosen || option.dataset.municipality === chosen;
        option.hidden = !visible;
        option.disabled = !visible;
        if (!visible && option.selected) {
          school.value = "";
        }
      }
    };
    municipality.addEventListener("change", narrow);
    narrow();
  }

  // How much of the question's limit is left, announced politely.
  const question = form.querySelector("textarea[name=question]");
  const counter = document.getElementById("question-count");
  if (question && counter && question.maxLength > 0) {
    const update = () => {
      const left = question.maxLength - question.value.length;
      counter.textContent = `Осталось знаков: ${left}`;
    };
    counter.hidden = false;
    question.addEventListener("input", update);
    update();
  }

  // One click, one request: the button stays pressed while the form is on its way, and is
  // released again if the browser brings the page back from its history.
  const button = form.querySelector("[data-submit]");
  if (button) {
    const label = button.textContent;
    form.addEventListener("submit", () => {
      button.disabled = true;
      button.textContent = "Отправляем…";
    });
    window.addEventListener("pageshow", () => {
      button.disabled = false;
      button.textContent = label;
    });
  }
});
