"""The annual analytic report as a PDF (reportlab), from ``views.annual_report.report_data``.

Three sections after a title page: the identification of ШНОР and ШФНСУ, the gap between the
best and the worst 10% of schools (METHODOLOGY.md section 3), and the programme's targets
(METHODOLOGY.md "Programme monitoring"). Every chart has its numbers in a table beside it, as
on the analytics pages.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .pdf import AUTHOR, FONT, FONT_BOLD, MUTED, NBSP, number, percent, register_fonts, signed_percent, styles, table
from .views.common import methodology_words

PAGE_WIDTH = A4[0] - 36 * mm
IDENTIFICATION = [
    ("low_results", "ШНОР", "#c0392b"),
    ("unfavourable", "ШФНСУ", "#8e44ad"),
    ("both", "ШНОР и ШФНСУ", "#4a235a"),
    ("stably_low", "устойчиво низкие результаты", "#7f2704"),
    ("resilient", "резильентные", "#1f77b4"),
]
YEAR_COLOURS = ["#9db4c8", "#1f4e79", "#4d9c4a", "#e6845a", "#8e44ad"]
VALUE_COLOUR, TARGET_COLOUR = "#1f4e79", "#b8b8b8"
UNIT_AXES = {
    "share": "Доли, %: значение и цель",
    "count": "Количество: значение и цель",
    "index": "Изменение, %: значение и цель",
}


def render_report(data: dict) -> bytes:
    register_fonts()
    look = styles()
    place = data["place"]
    where = f"муниципалитет «{place.name}»" if place else "регион"
    story = [
        *_title_page(data, look, where),
        PageBreak(),
        *_identification(data, look),
        *_gap(data, look),
        *_targets(data, look),
    ]
    footer = f"Аналитический отчёт за {data['year']} год · {where}"

    def on_later_pages(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(18 * mm, 9 * mm, footer)
        canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, f"стр. {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=17 * mm,
        title=f"Аналитический отчёт за {data['year']} год: {where}",
        author=data.get("organisation") or AUTHOR,
    )
    doc.build(story, onLaterPages=on_later_pages)
    return buffer.getvalue()


# --- title page ------------------------------------------------------------------------------


def _title_page(data, look, where) -> list:
    run, place = data["run"], data["place"]
    note = ParagraphStyle("note", parent=look.base, spaceAfter=3)
    years = ", ".join(str(y) for y in data["years"])
    return [
        Paragraph(escape(data.get("organisation") or AUTHOR), look.small),
        Spacer(1, 30 * mm),
        Paragraph(f"Аналитический отчёт за {data['year']} год", look.h1),
        Paragraph(escape(f"Муниципалитет: {place.name}" if place else "Регион: все муниципалитеты"), look.h2),
        Spacer(1, 6 * mm),
        Paragraph(
            f"Источник данных: расчёт индексов №{run.pk} от {data['run_at']:%d.%m.%Y %H:%M} "
            f"({methodology_words(run)}), годы расчёта: {years}.",
            look.base,
        ),
        Paragraph(f"Сформирован {data['made_at']:%d.%m.%Y %H:%M}. Материал для служебного пользования.", look.base),
        Spacer(1, 6 * mm),
        Paragraph("Содержание", look.h2),
        Paragraph("1. Выявление школ с низкими результатами и в неблагоприятных условиях", look.base),
        Paragraph(f"2. Разрыв между лучшими и худшими {percent(data['params'].gap_share, 0)} школ", look.base),
        Paragraph("3. Целевые показатели региональной программы", look.base),
        Paragraph("Параметры методики", look.h2),
        *[Paragraph(escape(line), note) for line in _parameter_notes(data)],
    ]


def _assessments(data, codes) -> str:
    return ", ".join(data["assessment_labels"].get(code, code) for code in codes)


def _parameter_notes(data) -> list[str]:
    """The thresholds behind the report's groups, in words (the run stores them all)."""
    params = data["params"]
    subjects = ", ".join(data["subject_labels"].get(s, s) for s in params.subjects)
    return [
        f"Индекс качества подготовки: {_assessments(data, params.vpr_assessments + params.exam_assessments)} "
        f"по предметам: {subjects}; показатель учитывается, если участников не меньше "
        f"{params.min_participants}; уровень значимости {number(params.alpha, 2)}.",
        f"ШНОР — группы качества 1–{params.low_max_group}; ШФНСУ — группы ИСБШ "
        f"1–{params.unfavourable_max_group}; устойчиво низкие результаты — ШНОР {params.stable_years} "
        f"года подряд; резильентные — ШФНСУ с группой качества {params.resilient_min_group} и выше.",
        f"Разрыв — между средними баллами {percent(params.gap_share, 0)} лучших и "
        f"{percent(params.gap_share, 0)} худших школ по каждому показателю "
        f"{_assessments(data, params.exam_assessments)}; цель программы — {_gap_target_words(params)}.",
    ]


def _gap_target_words(params) -> str:
    """The gap target is met when the change is at most ``gap_target_pct``: a negative target
    asks the gap to shrink by at least that much."""
    target = params.gap_target_pct
    if target < 0:
        return f"сокращение разрыва за год не меньше чем на {number(-target, 1)}{NBSP}%"
    return f"изменение разрыва за год не больше {signed_percent(target)}"


# --- 1. identification -----------------------------------------------------------------------


def _identification(data, look) -> list:
    rows = data["identification"]
    story = [Paragraph("1. Выявление школ с низкими результатами и в неблагоприятных условиях", look.h2)]
    if not rows:
        story.append(Paragraph("В расчёте нет школ этого муниципалитета.", look.base))
        return story
    header = ["Год", "Школ", "С индексом", *[label for _key, label, _c in IDENTIFICATION]]
    body = [[str(r["year"]), _count(r["total"]), _count(r["with_index"])] + _flag_counts(r) for r in rows]
    # Wide enough that no header word breaks: 174 mm across.
    widths = [12 * mm, 15 * mm, 22 * mm, 18 * mm, 19 * mm, 24 * mm, 32 * mm, 32 * mm]
    story.append(_grid(look, header, body, widths, 1))
    story.append(Spacer(1, 3 * mm))
    story.append(
        _bar_chart(
            [str(r["year"]) for r in rows],
            [(label, colour, [r[key] for r in rows]) for key, label, colour in IDENTIFICATION],
            title="Число выявленных школ по годам",
            value_format="%d",
        )
    )
    year = data["year"]
    if data["by_municipality"]:
        story.append(Paragraph(f"По муниципалитетам, {year} год", look.h3))
        header = ["Муниципалитет", "Школ", *[label for _key, label, _c in IDENTIFICATION]]
        body = [
            [_cell(r["school__municipality__name"], look), _count(r["total"])] + _flag_counts(r)
            for r in data["by_municipality"]
        ]
        total = next((r for r in rows if r["year"] == year), None)
        if total is not None:
            body.append(["Регион", _count(total["total"])] + _flag_counts(total))
        widths = [50 * mm, 15 * mm, 17 * mm, 19 * mm, 20 * mm, 23 * mm, 30 * mm]
        story.append(_grid(look, header, body, widths, 1))
    if data["place"] is not None:
        story.append(Paragraph(f"Выявленные школы муниципалитета, {year} год", look.h3))
        if data["flagged_schools"]:
            body = [
                [_cell(s["name"], look), s["code"], _cell(", ".join(s["flags"]), look)] for s in data["flagged_schools"]
            ]
            story.append(_grid(look, ["Школа", "Код", "Категории"], body, [92 * mm, 22 * mm, 60 * mm]))
        else:
            story.append(Paragraph("Школ с такими отметками нет.", look.base))
    return story


def _flag_counts(row) -> list[str]:
    return [_count(row[key]) for key, _label, _c in IDENTIFICATION]


# --- 2. the gap ------------------------------------------------------------------------------


def _gap(data, look) -> list:
    params, gaps = data["params"], data["gaps"]
    share = percent(params.gap_share, 0)
    story = [
        Paragraph(f"2. Разрыв между лучшими и худшими {share} школ", look.h2),
        Paragraph(
            f"Разность средних баллов {share} школ с лучшими и {share} с худшими результатами по каждому "
            f"показателю {_assessments(data, params.exam_assessments)}. Цель программы — "
            f"{_gap_target_words(params)}.",
            look.base,
        ),
    ]
    if data["place"] is not None:
        story.append(
            Paragraph("Разрыв считается по всем школам региона и одинаков в отчётах всех муниципалитетов.", look.base)
        )
    if not gaps:
        story.append(Paragraph("В расчёте нет результатов, по которым считается разрыв.", look.base))
        return story
    header = [
        "Год",
        "Показатель",
        "Школ",
        f"Лучшие{NBSP}{share}",
        f"Худшие{NBSP}{share}",
        "Разрыв",
        "Изменение",
        "Цель",
    ]
    body = [
        [
            str(g["year"]),
            _cell(g["indicator"], look),
            _count(g["n_schools"]),
            number(g["top_mean"], 2),
            number(g["bottom_mean"], 2),
            number(g["gap"], 2),
            signed_percent(g["gap_change_pct"], 2),
            _met(g["target_met"]),
        ]
        for g in gaps
    ]
    widths = [11 * mm, 53 * mm, 15 * mm, 19 * mm, 19 * mm, 18 * mm, 25 * mm, 14 * mm]
    story.append(_grid(look, header, body, widths, 2))
    changed = [g for g in gaps if g["gap_change_pct"] is not None]
    if not changed:
        story.append(Paragraph("Изменение разрыва считается к прошлому году; в расчёте прошлого года нет.", look.base))
        return story
    indicators = list(dict.fromkeys(g["indicator"] for g in changed))
    years = sorted({g["year"] for g in changed})
    change = {(g["indicator"], g["year"]): g["gap_change_pct"] for g in changed}
    series = [
        (str(y), YEAR_COLOURS[i % len(YEAR_COLOURS)], [change.get((name, y)) for name in indicators])
        for i, y in enumerate(years)
    ]
    story.append(Spacer(1, 3 * mm))
    story.append(
        _bar_chart(
            indicators,
            series,
            title="Изменение разрыва к прошлому году, %",
            value_format=lambda v: signed_percent(v, 1),
            horizontal=True,
            reference=(params.gap_target_pct, f"цель: {signed_percent(params.gap_target_pct)}"),
        )
    )
    return story


# --- 3. programme targets --------------------------------------------------------------------


def _targets(data, look) -> list:
    programme = data["programme"]
    story = [
        Paragraph("3. Целевые показатели региональной программы", look.h2),
        Paragraph(
            "Значения измерены по записям портала о программе за год: участие школ, школьные и "
            "муниципальные программы, соглашения о партнёрстве, наставничество, повышение квалификации, "
            "мероприятия, переданные рекомендации.",
            look.base,
        ),
    ]
    if programme is None:
        story.append(Paragraph("Целевые показатели измеряются по расчёту индексов; расчёта нет.", look.base))
        return story
    targets = programme["targets"]
    if targets:
        story.append(Paragraph(f"Достигнуто целей: {programme['met']} из {programme['judged']}.", look.base))
        story.append(Spacer(1, 2 * mm))
        body = [
            [
                str(t["number"]),
                _cell(t["title"], look),
                _cell(" — ".join(part for part in (t["value_text"], t["ratio_text"]) if part), look),
                _cell(t["target_text"], look),
                _cell(t["status_text"], look),
            ]
            for t in targets
        ]
        header = ["№", "Показатель", "Значение", "Цель", "Итог"]
        story.append(_grid(look, header, body, [9 * mm, 72 * mm, 38 * mm, 28 * mm, 27 * mm]))
        for unit in UNIT_AXES:
            chart = _targets_chart([t for t in targets if t["unit"] == unit and t["value"] is not None], unit)
            if chart is not None:
                story += [Spacer(1, 3 * mm), chart]
        story += _trend(programme, look)
        story += _shortfalls(data, targets, look)
    if programme["not_measured"]:
        story.append(Paragraph("Не измеряется на портале", look.h3))
        body = [[str(r["number"]), _cell(r["title"], look), _cell(r["why"], look)] for r in programme["not_measured"]]
        story.append(_grid(look, ["№", "Показатель", "Почему"], body, [9 * mm, 80 * mm, 85 * mm]))
    return story


def _targets_chart(targets, unit) -> Drawing | None:
    """Value beside target for the measured rows of one unit (shares in percent)."""
    if not targets:
        return None
    scale = 100 if unit == "share" else 1
    formats = {
        "share": lambda v: number(v, 0),
        "count": lambda v: number(v, 0),
        "index": lambda v: signed_percent(v, 2),
    }
    return _bar_chart(
        [f"№{NBSP}{t['number']}" for t in targets],
        [
            ("значение", VALUE_COLOUR, [t["value"] * scale for t in targets]),
            ("цель", TARGET_COLOUR, [t["target"] * scale if t["target"] is not None else None for t in targets]),
        ],
        title=UNIT_AXES[unit],
        value_format=formats[unit],
        horizontal=True,
    )


def _trend(programme, look) -> list:
    years = programme["years"]
    if len(years) < 2:
        return []
    measured = [t for t in programme["targets"] if any(cell != "—" for cell in t["trend"])]
    if not measured:
        return []
    body = [[str(t["number"]), _cell(t["title"], look), *t["trend"]] for t in measured]
    year_width = min(22 * mm, (PAGE_WIDTH - 90 * mm) / len(years))
    return [
        Paragraph("Значения по годам", look.h3),
        _grid(look, ["№", "Показатель", *map(str, years)], body, [9 * mm, 81 * mm] + [year_width] * len(years), 2),
    ]


def _shortfalls(data, targets, look) -> list:
    short = [t for t in targets if t["shortfalls"]]
    if not short:
        return []
    region = data["place"] is None
    lead = ParagraphStyle("lead", parent=look.base, fontName=FONT_BOLD, spaceBefore=5, spaceAfter=2, keepWithNext=1)
    story = [Paragraph("Кто не достиг целевого значения", look.h3)]
    for target in short:
        story.append(Paragraph(f"№{NBSP}{target['number']}. {escape(target['title'])}", lead))
        if region:
            header = ["Школа или муниципалитет", "Муниципалитет школы", "Причина"]
            body = [
                [_cell(s["who"], look), _cell(s["municipality"], look), _cell(s["reason"], look)]
                for s in target["shortfalls"]
            ]
            widths = [70 * mm, 44 * mm, 60 * mm]
        else:
            header = ["Школа или муниципалитет", "Причина"]
            body = [[_cell(s["who"], look), _cell(s["reason"], look)] for s in target["shortfalls"]]
            widths = [90 * mm, 84 * mm]
        story.append(_grid(look, header, body, widths))
    return story


# --- shared pieces ---------------------------------------------------------------------------


def _count(value) -> str:
    return number(value, 0)


def _met(value) -> str:
    if value is None:
        return "—"
    return "да" if value else "нет"


def _grid(look, header, body, widths, numeric_from: int | None = None) -> Table:
    """A table of the report: wrapping header cells, numbers right-aligned from
    ``numeric_from`` on, flush with the text's left edge."""
    right = ParagraphStyle("head-right", parent=look.head, alignment=TA_RIGHT)
    heads = [
        Paragraph(escape(h), right if numeric_from is not None and i >= numeric_from else look.head)
        for i, h in enumerate(header)
    ]
    result = table([heads, *body], widths=widths)
    if numeric_from is not None:
        result.setStyle(TableStyle([("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT")]))
    result.hAlign = "LEFT"
    return result


def _cell(text, look) -> Paragraph:
    """Long text in a table cell wraps instead of running over the next column."""
    return Paragraph(escape(str(text)), look.cell)


def _bar_chart(categories, series, *, title, value_format, horizontal=False, reference=None) -> Drawing:
    """Grouped bars: one group per category, one bar per series (label, colour, values);
    ``reference`` (value, label) marks a value across a horizontal chart."""
    values = [v for _label, _colour, vs in series for v in vs if v is not None]
    low, high = min([0.0, *values]), max([0.0, *values])
    if reference is not None:
        low, high = min(low, reference[0]), max(high, reference[0])
    pad = (high - low) * 0.12 or 1.0
    low, high = (low - pad if low < 0 else 0.0), high + pad
    legend_height, title_height = 10 * mm, 7 * mm
    if horizontal:
        label_width = 48 * mm
        plot_height = max(len(categories) * len(series) * 4.2 * mm + len(categories) * 3 * mm, 25 * mm)
        chart = HorizontalBarChart()
        chart.x, chart.width = label_width, PAGE_WIDTH - label_width - 6 * mm
        # Labels at the left edge, not at zero where negative bars would cover them; read top-down.
        chart.categoryAxis.labelAxisMode = "low"
        chart.categoryAxis.reverseDirection = 1
    else:
        plot_height = 50 * mm
        chart = VerticalBarChart()
        chart.x, chart.width = 12 * mm, PAGE_WIDTH - 16 * mm
    chart.y, chart.height = legend_height + 6 * mm, plot_height
    drawing = Drawing(PAGE_WIDTH, chart.y + plot_height + title_height)
    # A horizontal chart stacks a group's bars from the bottom up; reversed, they read in the
    # legend's order from the top.
    drawn = list(reversed(series)) if horizontal else series
    chart.data = [list(vs) for _l, _c, vs in drawn]
    chart.categoryAxis.categoryNames = list(categories)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = low, high
    chart.valueAxis.labelTextFormat = value_format
    chart.barLabelFormat = value_format
    chart.barLabels.fontName, chart.barLabels.fontSize = FONT, 6.5
    # Anchored at the bar's end (reportlab flips the anchor for negative bars).
    chart.barLabels.boxAnchor = "w" if horizontal else "s"
    chart.barLabels.nudge = 2
    chart.groupSpacing, chart.barSpacing = 6, 1
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = FONT, 7
    for i, (_label, colour, _values) in enumerate(drawn):
        chart.bars[i].fillColor = colors.HexColor(colour)
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    if reference is not None:
        _reference_line(drawing, chart, reference, low, high)
    legend = Legend()
    legend.x, legend.y = chart.x if not horizontal else 4 * mm, legend_height
    legend.fontName, legend.fontSize = FONT, 7.5
    legend.columnMaximum, legend.deltax, legend.dx, legend.dy = 1, 60, 8, 8
    legend.alignment = "right"
    legend.colorNamePairs = [(colors.HexColor(colour), label) for label, colour, _v in series]
    drawing.add(legend)
    drawing.add(String(0, drawing.height - 4 * mm, title, fontName=FONT, fontSize=8.5))
    return drawing


def _reference_line(drawing, chart, reference, low, high) -> None:
    """A dashed vertical line at a value of a horizontal chart, e.g. the programme's target."""
    value, label = reference
    x = chart.x + (value - low) / (high - low) * chart.width
    red = colors.HexColor("#c0392b")
    drawing.add(Line(x, chart.y, x, chart.y + chart.height, strokeColor=red, strokeDashArray=[3, 2], strokeWidth=1))
    drawing.add(String(x + 2, chart.y + chart.height + 1.5, label, fontName=FONT, fontSize=7, fillColor=red))
