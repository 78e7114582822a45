// Small progressive enhancements; every feature works without this script.

// Folds in the markup (<details data-open-on-wide>: the main menu, listings' filters) are closed
// on phones so that the page's own content comes first. Wider screens show them open by CSS
// (::details-content in css/portal.css); a browser that does not know it gets them opened here.
// The attribute's value is the media query of "wide"; empty, it is the listings' breakpoint,
// which must match css/portal.css.
const WIDE = "(min-width: 48.0625rem)";

function initOpenOnWide() {
  document.querySelectorAll("details[data-open-on-wide]").forEach((details) => {
    const wide = window.matchMedia(details.dataset.openOnWide || WIDE);
    const open = () => {
      if (wide.matches) details.open = true;
    };
    open();
    wide.addEventListener("change", open);
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
  initOpenOnWide();
  initTableScroll();
});
