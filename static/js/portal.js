// Small progressive enhancements; every feature works without this script.
// WIDE must match the breakpoint in css/portal.css where listings keep their filters beside the results.
const WIDE = "(min-width: 48.0625rem)";

function initMenu() {
  const toggle = document.querySelector(".menu-toggle");
  if (!toggle) return;
  toggle.addEventListener("click", () => {
    const nav = toggle.closest(".main-nav");
    const open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  });
}

// Filters folded in the markup (<details data-open-on-wide>) stay folded on phones, so the
// results come first; a wide screen has room for them, so they open there.
function initOpenOnWide() {
  const wide = window.matchMedia(WIDE);
  const openAll = () => {
    if (!wide.matches) return;
    document.querySelectorAll("details[data-open-on-wide]").forEach((details) => {
      details.open = true;
    });
  };
  openAll();
  wide.addEventListener("change", openAll);
}

function chosenFilters(block) {
  const checked = block.querySelectorAll("input[type=checkbox]:checked, input[type=radio]:checked").length;
  const selects = [...block.querySelectorAll("select")].filter((select) => select.value !== "").length;
  return checked + selects;
}

// Listings whose markup has no fold (the library, the bank): a «Фильтры» button before the
// filter block; css/portal.css hides the folded block on phones only, so wide screens are as before.
function initFilterToggles() {
  document.querySelectorAll(".library-filters, .bank-facets").forEach((block, index) => {
    // Once a template folds its filters itself (<details>), the button would be a second fold.
    if (block.closest("details")) return;
    if (!block.id) block.id = `filters-block-${index + 1}`;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "filter-toggle";
    button.setAttribute("aria-controls", block.id);
    button.setAttribute("aria-expanded", "false");
    button.textContent = "Фильтры";
    const count = chosenFilters(block);
    if (count) {
      const state = document.createElement("span");
      state.className = "filter-fold-state";
      state.textContent = `(выбрано: ${count})`;
      button.append(" ", state);
    }
    block.classList.add("is-folded");
    block.before(button);
    button.addEventListener("click", () => {
      const folded = block.classList.toggle("is-folded");
      button.setAttribute("aria-expanded", String(!folded));
    });
  });
}

// A table wider than a phone scrolls in its own box, which takes the focus so that the keyboard
// can scroll it. Templates wrap their tables in .table-scroll themselves; this covers the rest.
function initTableScroll() {
  document.querySelectorAll("main table").forEach((table) => {
    if (table.closest(".table-scroll") || table.classList.contains("month-grid")) return;
    const box = document.createElement("div");
    box.className = "table-scroll";
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    // Named after its caption, or its section's heading; a region must not share the section's name.
    const section = table.closest("[aria-labelledby]");
    const heading = section && document.getElementById(section.getAttribute("aria-labelledby"));
    if (table.caption) {
      box.setAttribute("aria-label", table.caption.textContent.trim());
    } else if (heading) {
      box.setAttribute("aria-label", `${heading.textContent.trim()}: таблица`);
    } else {
      box.setAttribute("aria-label", "Таблица");
    }
    table.before(box);
    box.append(table);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  initMenu();
  initOpenOnWide();
  initFilterToggles();
  initTableScroll();
});
