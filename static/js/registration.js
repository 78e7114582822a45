// The school list of the registration form gets a search box: typing part of a name or a
// number hides the schools that do not match. Without this script the grouped list works as is.
document.addEventListener("DOMContentLoaded", () => {
  const filter = document.getElementById("school-filter");
  if (!filter) return;
  const select = document.getElementById(filter.getAttribute("aria-controls"));
  if (!select) return;
  filter.hidden = false;
  const normalise = (text) => text.toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ").trim();
  const options = Array.from(select.querySelectorAll("option")).filter((option) => option.value);
  const groups = Array.from(select.querySelectorAll("optgroup"));
  filter.addEventListener("input", () => {
    const words = normalise(filter.value).split(" ").filter(Boolean);
    let matches = 0;
    let only = null;
    options.forEach((option) => {
      const text = normalise(option.textContent + " " + (option.parentElement.label || ""));
      const shown = words.every((word) => text.includes(word));
      option.hidden = !shown;
      option.disabled = !shown && !option.selected;
      if (shown) { matches += 1; only = option; }
    });
    groups.forEach((group) => {
      group.hidden = !Array.from(group.children).some((option) => !option.hidden);
    });
    if (matches === 1 && only) only.selected = true;
  });
});
