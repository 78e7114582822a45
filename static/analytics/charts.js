// Draws the analytics charts: each .chart[data-chart-src] fetches its figure JSON (built in
// Python with plotly) and renders it with the Plotly bundle served by the portal itself.
// The numbers are always in a table next to the chart, so nothing depends on this script.
//
// The bundle is 1.5 MB of script (0.5 MB sent): loaded with the page, a phone spent seconds on it
// before showing the text and tables around the charts. So the page comes first, and the bundle
// is fetched after the first paint, once a chart comes near the screen; the charts are then
// drawn one per task, so the page keeps answering between them. Each chart's box keeps the
// figure's height (analytics.css, charts.py HEIGHT) while it waits, so nothing moves.
(function () {
  "use strict";

  // The bundle's address is on this script's element (components/plotly.html).
  var script = document.currentScript;
  var PLOTLY_SRC = script && script.dataset.plotlySrc;
  // How close to the screen a chart must come before it is fetched and drawn.
  var NEAR = "200px 0px";
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

  var library = null;

  function loadLibrary() {
    if (!library) {
      library = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = PLOTLY_SRC;
        tag.onload = function () {
          window.Plotly.register(RU);
          resolve(window.Plotly);
        };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return library;
  }

  function fetchFigure(el) {
    return fetch(el.dataset.chartSrc, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      });
  }

  // The version for the visually impaired (static/css/accessibility.css) sets its colour pair on
  // <html> as --a11y-fg and --a11y-bg; the page's CSS cannot reach inside the chart's SVG, so the
  // figure takes them here: background, text, axes, grid, reference lines. The series keep
  // their colours, which tell them apart (and the legend names them).
  function schemeColours() {
    var style = window.getComputedStyle(document.documentElement);
    var fg = style.getPropertyValue("--a11y-fg").trim();
    var bg = style.getPropertyValue("--a11y-bg").trim();
    return fg && bg ? { fg: fg, bg: bg } : null;
  }

  function inScheme(layout, scheme) {
    var fg = scheme.fg;
    var bg = scheme.bg;
    layout.paper_bgcolor = bg;
    layout.plot_bgcolor = bg;
    layout.font = Object.assign({}, layout.font, { color: fg });
    layout.legend = Object.assign({}, layout.legend, { bgcolor: bg, font: { color: fg } });
    layout.hoverlabel = { bgcolor: bg, bordercolor: fg, font: { color: fg } };
    layout.modebar = { bgcolor: bg, color: fg, activecolor: fg };
    Object.keys(layout).concat(["xaxis", "yaxis"]).forEach(function (key) {
      if (!/^[xy]axis\d*$/.test(key)) { return; }
      // Dotted grid, solid axes: the same colour, told apart by the line.
      layout[key] = Object.assign({}, layout[key], {
        color: fg, linecolor: fg, showline: true, tickcolor: fg, gridcolor: fg, griddash: "dot", zerolinecolor: fg
      });
    });
    (layout.shapes || []).forEach(function (shape) {
      shape.line = Object.assign({}, shape.line, { color: fg });
    });
    (layout.annotations || []).forEach(function (note) {
      note.font = Object.assign({}, note.font, { color: fg });
    });
    return layout;
  }

  function nextTask() {
    return new Promise(function (resolve) { window.setTimeout(resolve, 0); });
  }

  var queue = Promise.resolve();

  // Fetches the figure at once, alongside the bundle, and draws it after the charts before it.
  function draw(el) {
    if (el.dataset.chartState) { return queue; }
    el.dataset.chartState = "loading";
    var figure = fetchFigure(el);
    queue = queue
      .then(function () { return Promise.all([loadLibrary(), figure, nextTask()]); })
      .then(function (ready) {
        var layout = ready[1].layout || {};
        var scheme = schemeColours();
        return ready[0].newPlot(el, ready[1].data, scheme ? inScheme(layout, scheme) : layout, config);
      })
      .then(function () {
        el.dataset.chartState = "drawn";
      }, function () {
        el.dataset.chartState = "failed";
        el.textContent = "График не удалось загрузить; данные — в таблице ниже.";
        el.classList.add("chart-error");
      });
    return queue;
  }

  function watch(charts) {
    if (!("IntersectionObserver" in window)) {
      charts.forEach(draw);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          draw(entry.target);
        }
      });
    }, { rootMargin: NEAR });
    charts.forEach(function (el) { observer.observe(el); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var charts = Array.prototype.slice.call(document.querySelectorAll(".chart[data-chart-src]"));
    if (charts.length && PLOTLY_SRC) {
      // After the first paint: a frame, then a task.
      window.requestAnimationFrame(function () { window.setTimeout(function () { watch(charts); }, 0); });
    }
    // A printed page has every chart, even those never scrolled to.
    document.querySelectorAll(".js-print").forEach(function (button) {
      button.addEventListener("click", function () {
        charts.forEach(draw);
        queue.then(function () { window.print(); });
      });
    });
  });
})();
