// Draws the analytics charts: each .chart[data-chart-src] fetches its figure JSON (built in
// Python with plotly) and renders it with the Plotly bundle served by the portal itself.
// The numbers are always in a table next to the chart, so nothing depends on this script.
(function () {
  "use strict";

  // The toolbar in Russian. The plotly package ships no locale files beside plotly.min.js, so
  // the titles of the buttons we keep (and plotly's messages around them) are translated here;
  // keys are plotly's English strings, checked against the bundle by tests/security/test_exports.py.
  var RU = {
    moduleType: "locale",
    name: "ru",
    dictionary: {
      "Autoscale": "Автомасштаб",
      "Reset axes": "Исходный масштаб",
      "Zoom": "Увеличить область",
      "Zoom in": "Приблизить",
      "Zoom out": "Отдалить",
      "Pan": "Сдвиг",
      "Download plot": "Сохранить изображение",
      "Download plot as a PNG": "Сохранить как PNG",
      "Preparing image - this may take a few seconds": "Готовим изображение — это займёт несколько секунд",
      "Image download succeeded": "Изображение сохранено",
      "Sorry, there was a problem downloading your image!": "Не удалось сохранить изображение",
      "Show closest data on hover": "При наведении — ближайшая точка",
      "Compare data on hover": "При наведении — сравнение рядов",
      "Toggle Spike Lines": "Линии проекций на оси",
      "Toggle show closest data on hover": "Показ ближайшей точки при наведении",
      "Reset": "Сбросить",
      "Double-click to zoom back out": "Дважды щёлкните, чтобы вернуть масштаб",
      "Double-click on legend to isolate one trace": "Дважды щёлкните по легенде, чтобы оставить один ряд"
    },
    format: {
      days: ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
      shortDays: ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
      months: ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
        "октябрь", "ноябрь", "декабрь"],
      shortMonths: ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
      date: "%d.%m.%Y",
      decimal: ",",
      thousands: " "
    }
  };

  // School-level data stays on the portal: no "share to the cloud" button (on by default in
  // plotly.js 4, sending the figure to cloud.plotly.com) and no server to send it to; the
  // Chart Studio link options of older plotly.js are off too, should the pin ever go back; no
  // selection tools, which do nothing on these pages.
  var config = {
    responsive: true,
    displaylogo: false,
    showSendToCloud: false,
    showLink: false,
    showEditInChartStudio: false,
    plotlyServerURL: "",
    modeBarButtonsToRemove: ["sendChartToCloud", "sendDataToCloud", "select2d", "lasso2d"],
    locale: "ru"
  };

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
      window.Plotly.register(RU);
      document.querySelectorAll(".chart[data-chart-src]").forEach(draw);
    }
    document.querySelectorAll(".js-print").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
