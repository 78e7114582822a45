"""Regional dashboard and the JSON of its charts.

The dashboard shows regional aggregates; school names appear only for schools in the viewer's
scope (a municipal specialist sees the other municipalities' points unnamed). Figures are
cached per run, year and scope: a run never changes once stored, so no invalidation is needed.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.gzip import gzip_page

from analytics import charts
from analytics.access import Level, log_access, scoped
from analytics.models import GapResult, SchoolYearResult
from registry.models import Municipality

from .common import (
    blank_unknown,
    chosen_sort,
    chosen_year,
    indicator_label,
    latest_run,
    methodology_words,
    no_data,
    run_years,
    sort_headers,
    sorted_rows,
    unknown_by_year,
)

CHARTS = ("histogram", "scatter", "gap", "trends")
COUNTS = {
    "total": Count("id"),
    "with_index": Count("id", filter=Q(quality_index__isnull=False)),
    "low_results": Count("id", filter=Q(low_results=True)),
    "unfavourable": Count("id", filter=Q(unfavourable=True)),
    "stably_low": Count("id", filter=Q(stably_low=True)),
    "resilient": Count("id", filter=Q(resilient=True)),
}
MUNICIPALITY_COLUMNS = [
    ("name", "Муниципалитет"),
    ("total", "Школ"),
    ("low_results", "ШНОР"),
    ("unfavourable", "ШФНСУ"),
    ("stably_low", "Устойчиво низкие результаты"),
    ("resilient", "Резильентные"),
]


def _scope_key(scope) -> str:
    return "region" if scope.is_regional else f"m{scope.municipality_id}"


def _points(scope, run, year) -> list[dict]:
    rows = SchoolYearResult.objects.filter(run=run, year=year, quality_index__isnull=False).values(
        "quality_index",
        "quality_group",
        "isbs",
        "low_results",
        "unfavourable",
        "resilient",
        "school__code",
        "school__name",
        "school__municipality_id",
        "school__municipality__name",
    )
    points = []
    for row in rows:
        in_scope = scope.is_regional or row["school__municipality_id"] == scope.municipality_id
        # Schools of one name in several places are told apart by code and municipality.
        row["label"] = (
            f"{row['school__name']} ({row['school__code']}, {row['school__municipality__name']})"
            if in_scope
            else "школа другого муниципалитета"
        )
        points.append(row)
    return points


def per_year(run) -> list[dict]:
    """Counts per year; a flag the year's data cannot give (no earlier year) is None."""
    unknown = unknown_by_year(run)
    rows = SchoolYearResult.objects.filter(run=run).values("year").annotate(**COUNTS).order_by("year")
    return [blank_unknown(row, unknown.get(row["year"], set())) for row in rows]


def gaps(run) -> list[dict]:
    rows = GapResult.objects.filter(run=run).order_by("assessment", "grade", "subject", "year").values()
    out = []
    for row in rows:
        row["indicator"] = indicator_label(row["assessment"], row["grade"], row["subject"])
        out.append(row)
    return out


def figure_json(name: str, scope, run, year) -> str:
    key = f"analytics:chart:{run.pk}:{year}:{name}:{_scope_key(scope)}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    if name == "histogram":
        figure = charts.quality_histogram(_points(scope, run, year))
    elif name == "scatter":
        figure = charts.quality_vs_isbs(_points(scope, run, year))
    elif name == "gap":
        figure = charts.gap_by_year(gaps(run), float(run.parameters.get("gap_target_pct", -0.3)))
    else:
        figure = charts.trends(per_year(run))
    cache.set(key, figure, 60 * 60)
    return figure


@scoped()
def dashboard(request, scope):
    # A school leader's analytics is the own school's passport; the regional picture is not theirs.
    if scope.level == Level.SCHOOL:
        return redirect(reverse("analytics:school", args=[scope_school_code(scope)]))
    run = latest_run()
    if run is None:
        return no_data(request, "Аналитика", scope)
    year = chosen_year(request, run)
    unknown = unknown_by_year(run).get(year, set())
    sort = chosen_sort(request, dict(MUNICIPALITY_COLUMNS), "name")
    by_municipality = (
        SchoolYearResult.objects.filter(run=run, year=year)
        .values("school__municipality_id", "school__municipality__name")
        .annotate(**COUNTS)
        .order_by("school__municipality__name")
    )
    by_municipality = sorted_rows(
        [blank_unknown(dict(row, name=row["school__municipality__name"]), unknown) for row in by_municipality], sort
    )
    years = per_year(run)
    current = next((row for row in years if row["year"] == year), None)
    histogram_table = (
        SchoolYearResult.objects.filter(run=run, year=year, quality_group__isnull=False)
        .values("quality_group")
        .annotate(n=Count("id"))
        .order_by("quality_group")
    )
    groups = _flag_groups(run, year, current)
    own = Municipality.objects.filter(pk=scope.municipality_id).first() if not scope.is_regional else None
    log_access(request, "view", f"дашборд {year}")
    return render(
        request,
        "analytics/dashboard.html",
        {
            "scope": scope,
            "section": "dashboard",
            "run": run,
            "year": year,
            "years": run_years(run),
            "current": current,
            "per_year": years,
            "by_municipality": by_municipality,
            "histogram_table": histogram_table,
            "flag_groups": groups,
            "municipality_headers": sort_headers(MUNICIPALITY_COLUMNS, sort),
            "unknown": unknown,
            "methodology": methodology_words(run),
            "gaps": gaps(run),
            "gap_target": float(run.parameters.get("gap_target_pct", -0.3)),
            "own_municipality": own,
            "charts": {name: f"{reverse('analytics:chart', args=[name])}?year={year}" for name in CHARTS},
        },
    )


def _flag_groups(run, year, current) -> list[tuple[str, int]]:
    """The scatter's table: the methodology's flags (the run's own, as the cards count them),
    the overlap of ШНОР and ШФНСУ, and the flagged schools the scatter cannot place."""
    if current is None:
        return []
    rows = SchoolYearResult.objects.filter(run=run, year=year)
    extra = rows.aggregate(
        both=Count("id", filter=Q(low_results=True, unfavourable=True)),
        plotted=Count("id", filter=Q(quality_index__isnull=False, isbs__isnull=False)),
        unplaced=Count("id", filter=Q(low_results=True, isbs__isnull=True)),
    )
    groups = [
        (charts.FLAG_TRACES["low_results"], current["low_results"]),
        (charts.FLAG_TRACES["unfavourable"], current["unfavourable"]),
        ("из них ШНОР и ШФНСУ одновременно", extra["both"]),
        (charts.FLAG_TRACES["resilient"], current["resilient"]),
        ("всего школ на диаграмме", extra["plotted"]),
    ]
    if extra["unplaced"]:
        groups.append(("ШНОР без ИСБШ (нет на диаграмме)", extra["unplaced"]))
    return groups


def scope_school_code(scope) -> str:
    from registry.models import School

    return School.objects.values_list("code", flat=True).get(pk=scope.school_id)


# Compressed: the scatter's school names are most of its bytes, and they repeat. The figure holds
# no secret for BREACH to guess, and Django pads compressed bodies anyway.
@gzip_page
@scoped(need="aggregates")
def chart_data(request, scope, name):
    """Figure JSON for one dashboard chart (the same scope rules as the page that draws it)."""
    run = latest_run()
    if run is None or name not in CHARTS:
        return HttpResponse("{}", content_type="application/json", status=404)
    year = chosen_year(request, run)
    log_access(request, "chart", f"{name} {year}")
    return HttpResponse(figure_json(name, scope, run, year), content_type="application/json")
