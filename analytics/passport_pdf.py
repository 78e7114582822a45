"""The school passport as a PDF (reportlab), from the same ``passport_data`` as the page.

The font, styles and table look are shared with the annual report (``analytics.pdf``).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from .pdf import AUTHOR, FONT, register_fonts, styles
from .pdf import number as _num
from .pdf import table as _table
from .views.common import methodology_words

NOTICE = "Это сигналы для проверки, а не вывод о необъективности."


def _chart(years: list[dict], critical: float) -> Drawing | None:
    points = [(r["year"], r["quality_index"], r["quality_se"] or 0) for r in years if r["quality_index"] is not None]
    if len(points) < 2:
        return None
    drawing = Drawing(170 * mm, 60 * mm)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 15 * mm, 10 * mm, 145 * mm, 45 * mm
    plot.data = [[(y, q) for y, q, _ in points]]
    lows = [q - critical * se for _, q, se in points]
    highs = [q + critical * se for _, q, se in points]
    plot.yValueAxis.valueMin = min(min(lows), 1.0) - 0.02
    plot.yValueAxis.valueMax = max(max(highs), 1.0) + 0.02
    plot.xValueAxis.valueMin = points[0][0] - 0.5
    plot.xValueAxis.valueMax = points[-1][0] + 0.5
    plot.xValueAxis.valueSteps = [p[0] for p in points]
    plot.xValueAxis.labelTextFormat = "%d"
    plot.yValueAxis.labelTextFormat = lambda v: f"{v:.2f}".replace(".", ",")
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName = FONT
        axis.labels.fontSize = 7
    plot.lines[0].strokeColor = colors.HexColor("#1f4e79")
    plot.lines[0].strokeWidth = 1.5
    drawing.add(plot)

    def to_xy(x, y):
        ax, ay = plot.xValueAxis, plot.yValueAxis
        px = plot.x + (x - ax.valueMin) / (ax.valueMax - ax.valueMin) * plot.width
        py = plot.y + (y - ay.valueMin) / (ay.valueMax - ay.valueMin) * plot.height
        return px, py

    for (year, _q, _se), low, high in zip(points, lows, highs, strict=True):
        (x1, y1), (_, y2) = to_xy(year, low), to_xy(year, high)
        drawing.add(Line(x1, y1, x1, y2, strokeColor=colors.HexColor("#1f4e79"), strokeWidth=0.8))
    x0, y0 = to_xy(plot.xValueAxis.valueMin, 1.0)
    x1, _ = to_xy(plot.xValueAxis.valueMax, 1.0)
    drawing.add(Line(x0, y0, x1, y0, strokeColor=colors.grey, strokeDashArray=[3, 2]))
    drawing.add(
        String(plot.x, plot.y + plot.height + 3 * mm, "Индекс качества и 95% ДИ по годам", fontName=FONT, fontSize=8)
    )
    return drawing


def render_passport(data: dict) -> bytes:
    register_fonts()
    school, run, latest = data["school"], data["run"], data["latest"]
    look = styles()
    base, h1, h2, small = look.base, look.h1, look.h2, look.small
    story = [
        Paragraph(escape(f"Паспорт школы: {school.name}"), h1),
        Paragraph(
            escape(f"Код {school.code} · {school.municipality.name} · {school.get_locality_display().lower()}"), base
        ),
        Paragraph(
            f"Расчёт №{run.pk} от {run.started_at:%d.%m.%Y %H:%M}, {methodology_words(run)}. "
            "Материал для служебного пользования.",
            small,
        ),
        Spacer(1, 4 * mm),
    ]
    if latest is None:
        story.append(Paragraph("В этом расчёте нет результатов школы.", base))
    else:
        story.append(Paragraph(f"Итоги {latest['year']} года", h2))
        summary = [
            ["Индекс качества", "Группа", "ИСБШ", "Группа ИСБШ", "Ожидаемый индекс", "z отклонения"],
            [
                _num(latest["quality_index"]),
                str(latest["quality_group"] or "—"),
                _num(latest["isbs"]),
                str(latest["isbs_group"] or "—"),
                _num(latest["expected_quality"]),
                _num(latest["residual_z"], 2),
            ],
        ]
        story.append(_table(summary))
        for flag in data["flags"]:
            story.append(Paragraph(f"<b>{flag['label']}.</b> {flag['explanation']}", base))
        if data["effectiveness_label"]:
            story.append(Paragraph(f"Результаты {data['effectiveness_label']}.", base))
        story.append(Paragraph("Индексы по годам", h2))
        chart = _chart(data["years"], data["params"].critical_value)
        if chart is not None:
            story.append(chart)
        rows = [["Год", "Индекс качества", "95% ДИ", "Группа", "ИСБШ", "Группа ИСБШ", "Динамика"]]
        for row in data["years"]:
            ci = f"{_num(row['ci_low'])} – {_num(row['ci_high'])}" if row["ci_low"] is not None else "—"
            rows.append(
                [
                    str(row["year"]),
                    _num(row["quality_index"]),
                    ci,
                    str(row["quality_group"] or "—"),
                    _num(row["isbs"]),
                    str(row["isbs_group"] or "—"),
                    row["trend_label"] or "—",
                ]
            )
        story.append(_table(rows))
        if data["indicators"]:
            story.append(Paragraph(f"Показатели {latest['year']} года", h2))
            rows = [["Показатель", "Участников", "Средний балл", "Среднее по региону", "Индекс"]]
            rows += [
                [
                    i["label"],
                    str(i["participants"]),
                    _num(i["mean_score"], 2),
                    _num(i["regional_mean"], 2),
                    _num(i["index"]),
                ]
                for i in data["indicators"]
            ]
            story.append(_table(rows, widths=[60 * mm, 22 * mm, 28 * mm, 32 * mm, 22 * mm]))
        story.append(Paragraph("Сигналы объективности ВПР", h2))
        story.append(Paragraph(NOTICE, base))
        for signal in data["signals"] or []:
            story.append(Paragraph(f"{signal['code']}: {signal['text']}", base))
        if not data["signals"]:
            story.append(Paragraph("Сигналов нет.", base))
        if data["risks"]:
            story.append(Paragraph("Рисковый профиль", h2))
            for risk in data["risks"]:
                story.append(Paragraph(escape(f"{risk.risk.name} — {risk.get_level_display().lower()}"), base))
        story.append(Paragraph("Рекомендации", h2))
        for weak in data["weak"]:
            story.append(Paragraph(f"Работать над показателем: {weak['label']} (индекс {_num(weak['index'])})", base))
        for practice in data["practices"]:
            story.append(Paragraph(escape(f"Практика: {practice.title}"), base))
        partner = data["partner"]
        if partner:
            story.append(
                Paragraph(
                    escape(
                        f"Предлагаемая школа-партнёр: {partner['name']} ({partner['municipality']}, "
                        f"индекс {_num(partner['quality_index'])}, группа {partner['quality_group']})"
                    ),
                    base,
                )
            )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"Паспорт школы {school.code}",
        author=AUTHOR,
    )
    doc.build(story)
    return buffer.getvalue()
