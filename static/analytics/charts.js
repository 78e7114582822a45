// Draws the analytics charts: each .chart[data-chart-src] fetches its figure JSON (built in
// Python with plotly) and renders it with the Plotly bundle served by the portal itself.
// The numbers are always in a table next to the chart, so nothing depends on this script.
(function () {
  "use strict";
  var config = { responsive: true, displaylogo: false, locale: "ru" };

  function draw(el) {
    fetch(el.dataset.chartSrc, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (figure) {
        window.Plotly.newPlot(el, figure.data, figure.layout, config);
      })
      .catch(function () {
        el.textContent = "График не удалось загрузить; данные — в таблице ниже.";
        el.classList.add("chart-error");
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.Plotly) {
      document.querySelectorAll(".chart[data-chart-src]").forEach(draw);
    }
    document.querySelectorAll(".js-print").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
