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
QUADRANT_COLOURS = {
    "low": "#c0392b",
    "unfavourable": "#8e44ad",
    "resilient": "#1f77b4",
    "strong": "#2e7d32",
}
QUADRANT_LABELS = {
    "low": "ШНОР",
    "unfavourable": "ШФНСУ",
    "resilient": "резильентные",
    "strong": "сильные",
}
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}


def _layout(fig: go.Figure, **kwargs) -> go.Figure:
    fig.update_layout(
        font=FONT,
        margin={"l": 60, "r": 20, "t": 40, "b": 50},
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.2},
        separators=", ",
        **kwargs,
    )
    fig.update_xaxes(showgrid=True, gridcolor="#eee", zeroline=False)
    fig.update_yaxes(showgrid=True, gridcolor="#eee", zeroline=False)
    return fig


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
        xs = [r["quality_index"] for r in rows if r["quality_group"] == group]
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


def quadrant(row: dict) -> str:
    """Quadrant of the scatter by the 1.0 lines (the flags themselves use the groups)."""
    low_quality = row["quality_index"] < 1.0
    poor = row["isbs"] < 1.0
    if low_quality:
        return "unfavourable" if poor else "low"
    return "resilient" if poor else "strong"


def quality_vs_isbs(rows: list[dict]) -> str:
    """Quality index against ИСБШ with the quadrant lines at 1.0; rows carry a ``label`` for hover."""
    fig = go.Figure()
    points = [r for r in rows if r["quality_index"] is not None and r["isbs"] is not None]
    for key, label in QUADRANT_LABELS.items():
        part = [r for r in points if quadrant(r) == key]
        fig.add_trace(
            go.Scattergl(
                x=[r["isbs"] for r in part],
                y=[r["quality_index"] for r in part],
                text=[r.get("label", "") for r in part],
                mode="markers",
                name=f"{label} ({len(part)})",
                marker={"color": QUADRANT_COLOURS[key], "size": 7, "opacity": 0.75},
                hovertemplate="%{text}<br>ИСБШ %{x:.3f}<br>индекс качества %{y:.3f}<extra></extra>",
            )
        )
    fig.add_hline(y=1.0, line_color="#555", line_dash="dash")
    fig.add_vline(x=1.0, line_color="#555", line_dash="dash")
    if points:
        xs = [r["isbs"] for r in points]
        ys = [r["quality_index"] for r in points]
        corners = {
            "low": (max(xs), min(ys), "right", "bottom"),
            "unfavourable": (min(xs), min(ys), "left", "bottom"),
            "resilient": (min(xs), max(ys), "left", "top"),
            "strong": (max(xs), max(ys), "right", "top"),
        }
        for key, (x, y, xanchor, yanchor) in corners.items():
            fig.add_annotation(
                x=x,
                y=y,
                text=f"<b>{QUADRANT_LABELS[key]}</b>",
                showarrow=False,
                xanchor=xanchor,
                yanchor=yanchor,
                font={"color": QUADRANT_COLOURS[key], "size": 14},
            )
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
    """Counts of ШНОР, ШФНСУ, stably low and resilient schools across years."""
    fig = go.Figure()
    names = {
        "low_results": "ШНОР",
        "unfavourable": "ШФНСУ",
        "stably_low": "устойчиво низкие",
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
