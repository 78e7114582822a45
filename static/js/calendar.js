// Calendar pages: on a phone the filters fold away so the month comes first (the form works
// the same either way; without this script it simply stays open).
document.addEventListener("DOMContentLoaded", () => {
  if (!window.matchMedia("(max-width: 40rem)").matches) {
    return;
  }
  document.querySelectorAll("details[data-fold-on-narrow]:not([data-filtered])").forEach((details) => {
    details.open = false;
  });
});
