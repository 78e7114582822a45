"""Plotly figures of the analytics pages, built in Python and drawn by static/analytics/charts.js.

Each builder takes plain rows (already narrowed to the viewer's scope by the caller) and
returns the figure's JSON. Labels are Russian; the same numbers are always shown beside the
chart as a table, so nothing is available only as a picture.
"""

from __future__ import annotations

import plotly.graph_objects as go

# 11 groups: red (far below the average) through grey (6) to green (far above).
GROUP_COLOURS = {
    1: "#8b1a1a",
    2: "#b2302b",
    3: "#d1553b",
    4: "#e6845a",
    5: "#f0b48c",
    6: "#b8b8b8",
    7: "#a9d3a4",
    8: "#79b972",
    9: "#4d9c4a",
    10: "#2f7d32",
    11: "#1b5e20",
}
# The scatter draws the run's own flags (METHODOLOGY.md steps 7, 2.5 and section 3), not the
# 1.0 lines: a school below 1.0 is ШНОР only when it is significantly below, so counting by the
# lines contradicts the cards. The fill tells the quality status, a ring marks ШФНСУ.
FLAG_TRACES = {
    "low_results": "ШНОР",
    "unfavourable": "ШФНСУ",
    "resilient": "резильентные",
    "other": "остальные школы",
}
FLAG_COLOURS = {"low_results": "#c0392b", "unfavourable": "#7d3c98", "resilient": "#1f77b4", "other": "#9e9e9e"}
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13, "color": "#1b1f24"}
# plotly's own palette for series without a colour of their own (the gap chart's indicators).
COLORWAY = ["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692", "#B6E880", "#FF97FF"]
# The box a chart gets on the page before it is drawn (static/analytics/analytics.css, .chart):
# the same height here, so drawing it moves nothing below it.
HEIGHT = 380
# Coordinates to four places: the hover shows three, and the scatter is the largest figure.
PLACES = 4


def _layout(fig: go.Figure, **kwargs) -> go.Figure:
    # The legend sits above the plot and the margins grow to fit the tick labels and axis titles
    # (automargin): a legend under the plot used to cover the x title, a fixed left margin cut
    # the y title on a phone. No plotly template: the default one repeated 7 KB of styles no
    # chart here uses in every figure; the few it gave are set here.
    fig.update_layout(
        template="none",
        colorway=COLORWAY,
        height=HEIGHT,
        font=FONT,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
        separators=", ",
        **kwargs,
    )
    for update in (fig.update_xaxes, fig.update_yaxes):
        update(showgrid=True, gridcolor="#eee", zeroline=False, automargin=True, title_standoff=8)
    return fig


def _rounded(values):
    return [None if value is None else round(value, PLACES) for value in values]


def quality_histogram(rows: list[dict]) -> str:
    """Distribution of the quality index, one stacked series per quality group (1..11)."""
    fig = go.Figure()
    values = [r["quality_index"] for r in rows if r["quality_index"] is not None]
    if values:
        start, end = min(values), max(values)
        size = max((end - start) / 30, 0.005)
    else:
        start, end, size = 0.5, 1.5, 0.05
    for group in range(1, 12):
        xs = _rounded(r["quality_index"] for r in rows if r["quality_group"] == group)
        if not xs:
            continue
        fig.add_trace(
            go.Histogram(
                x=xs,
                name=f"группа {group}",
                marker_color=GROUP_COLOURS[group],
                xbins={"start": start, "end": end + size, "size": size},
                hovertemplate="индекс %{x}<br>школ: %{y}<extra>группа " + str(group) + "</extra>",
            )
        )
    fig.add_vline(x=1.0, line_dash="dash", line_color="#555")
    _layout(
        fig,
        barmode="stack",
        xaxis_title="Индекс качества подготовки (1,0 — среднее по региону)",
        yaxis_title="Число школ",
    )
    return fig.to_json()


def quality_vs_isbs(rows: list[dict]) -> str:
    """Quality index against ИСБШ coloured by the run's flags; rows carry ``label`` for hover.

    Legend counts are taken over all ``rows`` (every school with a quality index, which every
    flagged school has), so they equal the dashboard's cards; a school without ИСБШ has no
    place on the plane and is counted in the table beside the chart.
    """
    fig = go.Figure()
    placed = [r for r in rows if r["quality_index"] is not None and r["isbs"] is not None]

    def fill(row):
        if row["low_results"]:
            return "low_results"
        return "resilient" if row["resilient"] else "other"

    def add(key, part, count, marker):
        fig.add_trace(
            go.Scatter(
                x=_rounded(r["isbs"] for r in part),
                y=_rounded(r["quality_index"] for r in part),
                text=[r.get("label", "") for r in part],
                mode="markers",
                name=f"{FLAG_TRACES[key]} ({count})",
                marker=marker,
                hovertemplate="%{text}<br>ИСБШ %{x:.3f}<br>индекс качества %{y:.3f}<extra>"
                + FLAG_TRACES[key]
                + "</extra>",
            )
        )

    for key in ("other", "low_results", "resilient"):
        part = [r for r in placed if fill(r) == key]
        count = sum(1 for r in rows if fill(r) == key) if key != "other" else len(part)
        add(key, part, count, {"color": FLAG_COLOURS[key], "size": 7, "opacity": 0.8})
    rings = [r for r in placed if r["unfavourable"]]
    add(
        "unfavourable",
        rings,
        sum(1 for r in rows if r["unfavourable"]),
        {"symbol": "circle-open", "color": FLAG_COLOURS["unfavourable"], "size": 12, "line": {"width": 2}},
    )
    fig.add_hline(y=1.0, line_color="#555", line_dash="dash")
    fig.add_vline(x=1.0, line_color="#555", line_dash="dash")
    _layout(
        fig,
        xaxis_title="Индекс социального благополучия школы (ИСБШ)",
        yaxis_title="Индекс качества подготовки",
    )
    return fig.to_json()


def gap_by_year(gaps: list[dict], target_pct: float) -> str:
    """Change of the top/bottom 10% gap per ОГЭ/ЕГЭ indicator, with the programme's target line."""
    fig = go.Figure()
    series: dict[str, list[dict]] = {}
    for g in gaps:
        series.setdefault(g["indicator"], []).append(g)
    for name, points in series.items():
        points = [p for p in points if p["gap_change_pct"] is not None]
        if not points:
            continue
        fig.add_trace(
            go.Scatter(
                x=[p["year"] for p in points],
                y=[p["gap_change_pct"] for p in points],
                mode="lines+markers",
                name=name,
                hovertemplate="%{x}: %{y:.2f}%<extra>" + name + "</extra>",
            )
        )
    fig.add_hline(
        y=target_pct,
        line_color="#c0392b",
        line_dash="dot",
        annotation_text=f"цель: {target_pct:+.1f}%".replace(".", ","),
        annotation_position="top left",
    )
    _layout(fig, xaxis_title="Год", yaxis_title="Изменение разрыва к прошлому году, %")
    fig.update_xaxes(dtick=1)
    return fig.to_json()


def trends(per_year: list[dict]) -> str:
    """Counts of ШНОР, ШФНСУ, stably low and resilient schools across years.

    A count the year's data cannot give is None in ``per_year`` and leaves a gap in its line
    (never a point at 0); the table beside the chart says «нет данных».
    """
    fig = go.Figure()
    names = {
        "low_results": "ШНОР",
        "unfavourable": "ШФНСУ",
        "stably_low": "устойчиво низкие результаты",
        "resilient": "резильентные",
    }
    colours = {"low_results": "#c0392b", "unfavourable": "#8e44ad", "stably_low": "#7f2704", "resilient": "#1f77b4"}
    years = [p["year"] for p in per_year]
    for key, label in names.items():
        fig.add_trace(
            go.Scatter(
                x=years,
                y=[p[key] for p in per_year],
                mode="lines+markers",
                name=label,
                line={"color": colours[key]},
            )
        )
    _layout(fig, xaxis_title="Год", yaxis_title="Число школ")
    fig.update_xaxes(dtick=1)
    return fig.to_json()


def school_indices(rows: list[dict], critical: float) -> str:
    """A school's quality index across years with 95% confidence intervals, and its ИСБШ."""
    fig = go.Figure()
    with_index = [r for r in rows if r["quality_index"] is not None]
    fig.add_trace(
        go.Scatter(
            x=[r["year"] for r in with_index],
            y=[r["quality_index"] for r in with_index],
            error_y={
                "type": "data",
                "array": [critical * (r["quality_se"] or 0) for r in with_index],
                "visible": True,
                "color": "#1f4e79",
            },
            mode="lines+markers",
            name="индекс качества (95% ДИ)",
            line={"color": "#1f4e79"},
            hovertemplate="%{x}: %{y:.3f}<extra></extra>",
        )
    )
    with_isbs = [r for r in rows if r["isbs"] is not None]
    fig.add_trace(
        go.Scatter(
            x=[r["year"] for r in with_isbs],
            y=[r["isbs"] for r in with_isbs],
            mode="lines+markers",
            name="ИСБШ",
            line={"color": "#8e44ad", "dash": "dot"},
            hovertemplate="%{x}: %{y:.3f}<extra></extra>",
        )
    )
    fig.add_hline(y=1.0, line_color="#555", line_dash="dash")
    _layout(fig, xaxis_title="Год", yaxis_title="Индекс (1,0 — среднее по региону)")
    fig.update_xaxes(dtick=1)
    return fig.to_json()
