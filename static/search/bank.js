// The bank's search page. Without this script the form works as it is: "Найти" searches and
// "Применить фильтры" applies the ticked facets.
//
// With it, on wide screens a facet or the sort applies as soon as it changes; the page reloads,
// so the control that changed gets the focus back after the load, and a keyboard user goes on
// from where they were. On phones the facets stand above the results: reloading on every tick
// would throw the visitor to the top each time, so the button applies them all at once.
//
// The search box suggests titles as an ARIA 1.2 combobox: focus stays in the box, the arrows
// move the active option (aria-activedescendant), Enter opens it, Escape closes the list.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.bank");
  if (!form) return;
  const wide = window.matchMedia("(min-width: 48.01rem)");
  const markWidth = () => document.documentElement.classList.toggle("bank-instant", wide.matches);
  markWidth();
  wide.addEventListener("change", markWidth);
  restoreFocus(form);

  form.addEventListener("change", (event) => {
    const control = event.target;
    if (!wide.matches || !control.matches("input[type=checkbox], select")) return;
    rememberFocus(control);
    const page = form.querySelector("input[name=page]");
    if (page) page.remove();
    form.submit();
  });

  setUpSuggestions(form);
});

const FOCUS_KEY = "bank-focus";

function rememberFocus(control) {
  try {
    sessionStorage.setItem(
      FOCUS_KEY,
      JSON.stringify({ path: location.pathname, name: control.name, value: control.type === "checkbox" ? control.value : null }),
    );
  } catch {
    // Storage refused (private mode): the page still works, only the focus is not restored.
  }
}

function restoreFocus(form) {
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(FOCUS_KEY) || "null");
    sessionStorage.removeItem(FOCUS_KEY);
  } catch {
    return;
  }
  if (!saved || saved.path !== location.pathname) return;
  const control = [...form.elements].find(
    (element) => element.name === saved.name && (saved.value === null || element.value === saved.value),
  );
  if (control) control.focus();
}

function setUpSuggestions(form) {
  const input = form.querySelector("#bank-q");
  const list = form.querySelector("#bank-suggestions");
  const status = form.querySelector("#bank-suggestions-status");
  const url = form.dataset.autocompleteUrl;
  if (!input || !list || !url) return;
  let timer = null;
  let controller = null;
  let active = -1;

  const options = () => [...list.querySelectorAll("[role=option]")];

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const clear = () => {
    close();
    list.replaceChildren();
    status.textContent = "";
  };

  const open = () => {
    if (!options().length) return;
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };

  const activate = (index) => {
    const items = options();
    if (!items.length) return;
    open();
    active = (index + items.length) % items.length;
    items.forEach((item, position) => item.setAttribute("aria-selected", String(position === active)));
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  };

  const show = (results) => {
    list.replaceChildren(
      ...results.map((result, index) => {
        const option = document.createElement("li");
        option.id = `bank-suggestion-${index}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = result.url;
        option.textContent = result.title;
        return option;
      }),
    );
    active = -1;
    input.removeAttribute("aria-activedescendant");
    status.textContent = results.length ? `Подсказок: ${results.length}` : "";
    if (results.length) open();
    else close();
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < 2) return clear();
    timer = setTimeout(async () => {
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, { signal: controller.signal });
        show((await response.json()).results);
      } catch (error) {
        if (error.name !== "AbortError") clear();
      }
    }, 200);
  });

  input.addEventListener("keydown", (event) => {
    const expanded = !list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options().length) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      activate(active === -1 ? (step === 1 ? 0 : -1) : active + step);
    } else if (event.key === "Enter" && expanded && active >= 0) {
      // The chosen title opens; without one, Enter searches as usual.
      event.preventDefault();
      location.assign(options()[active].dataset.url);
    } else if (event.key === "Escape" && expanded) {
      event.preventDefault();
      close();
    }
  });

  // mousedown, not click: the box keeps the focus while a title is being chosen.
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) location.assign(option.dataset.url);
  });
  input.addEventListener("blur", close);
}
