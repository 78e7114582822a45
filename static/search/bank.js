// The bank's search page: filters and sorting apply as soon as they change, and the search
// box suggests titles. Without this script the "Применить фильтры" button does the same.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.bank");
  if (!form) return;
  document.documentElement.classList.add("js");

  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=checkbox], select")) {
      const page = form.querySelector("input[name=page]");
      if (page) page.remove();
      form.submit();
    }
  });

  const input = form.querySelector("#bank-q");
  const list = form.querySelector("#bank-suggestions");
  const url = form.dataset.autocompleteUrl;
  let timer = null;
  let controller = null;

  const hide = () => {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < 2) return hide();
    timer = setTimeout(async () => {
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, { signal: controller.signal });
        const data = await response.json();
        list.replaceChildren();
        for (const item of data.results) {
          const li = document.createElement("li");
          li.setAttribute("role", "option");
          const link = document.createElement("a");
          link.href = item.url;
          link.textContent = item.title;
          li.append(link);
          list.append(li);
        }
        list.hidden = data.results.length === 0;
        input.setAttribute("aria-expanded", String(!list.hidden));
      } catch (error) {
        if (error.name !== "AbortError") hide();
      }
    }, 200);
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hide();
    if (event.key === "ArrowDown" && !list.hidden) {
      event.preventDefault();
      list.querySelector("a")?.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!form.querySelector(".bank-query").contains(event.target)) hide();
  });
});
