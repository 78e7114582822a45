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

from analytics import charts
from analytics.access import Level, log_access, scoped
from analytics.models import GapResult, SchoolYearResult
from registry.models import Municipality

from .common import chosen_year, indicator_label, latest_run, no_data, run_years

CHARTS = ("histogram", "scatter", "gap", "trends")
COUNTS = {
    "total": Count("id"),
    "with_index": Count("id", filter=Q(quality_index__isnull=False)),
    "low_results": Count("id", filter=Q(low_results=True)),
    "unfavourable": Count("id", filter=Q(unfavourable=True)),
    "stably_low": Count("id", filter=Q(stably_low=True)),
    "resilient": Count("id", filter=Q(resilient=True)),
}


def _scope_key(scope) -> str:
    return "region" if scope.is_regional else f"m{scope.municipality_id}"


def _points(scope, run, year) -> list[dict]:
    rows = SchoolYearResult.objects.filter(run=run, year=year, quality_index__isnull=False).values(
        "quality_index", "quality_group", "isbs", "school__code", "school__name", "school__municipality_id"
    )
    points = []
    for row in rows:
        in_scope = scope.is_regional or row["school__municipality_id"] == scope.municipality_id
        row["label"] = f"{row['school__name']} ({row['school__code']})" if in_scope else "школа другого муниципалитета"
        points.append(row)
    return points


def per_year(run) -> list[dict]:
    rows = SchoolYearResult.objects.filter(run=run).values("year").annotate(**COUNTS).order_by("year")
    return list(rows)


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
    by_municipality = (
        SchoolYearResult.objects.filter(run=run, year=year)
        .values("school__municipality_id", "school__municipality__name")
        .annotate(**COUNTS)
        .order_by("school__municipality__name")
    )
    years = per_year(run)
    current = next((row for row in years if row["year"] == year), None)
    histogram_table = (
        SchoolYearResult.objects.filter(run=run, year=year, quality_group__isnull=False)
        .values("quality_group")
        .annotate(n=Count("id"))
        .order_by("quality_group")
    )
    quadrants = _quadrant_counts(run, year)
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
            "quadrants": quadrants,
            "gaps": gaps(run),
            "gap_target": float(run.parameters.get("gap_target_pct", -0.3)),
            "own_municipality": own,
            "charts": {name: f"{reverse('analytics:chart', args=[name])}?year={year}" for name in CHARTS},
        },
    )


def _quadrant_counts(run, year):
    rows = SchoolYearResult.objects.filter(run=run, year=year, quality_index__isnull=False, isbs__isnull=False)
    result = rows.aggregate(
        low=Count("id", filter=Q(quality_index__lt=1, isbs__gte=1)),
        unfavourable=Count("id", filter=Q(quality_index__lt=1, isbs__lt=1)),
        resilient=Count("id", filter=Q(quality_index__gte=1, isbs__lt=1)),
        strong=Count("id", filter=Q(quality_index__gte=1, isbs__gte=1)),
    )
    return [(charts.QUADRANT_LABELS[key], value) for key, value in result.items()]


def scope_school_code(scope) -> str:
    from registry.models import School

    return School.objects.values_list("code", flat=True).get(pk=scope.school_id)


@scoped(need="aggregates")
def chart_data(request, scope, name):
    """Figure JSON for one dashboard chart (the same scope rules as the page that draws it)."""
    run = latest_run()
    if run is None or name not in CHARTS:
        return HttpResponse("{}", content_type="application/json", status=404)
    year = chosen_year(request, run)
    log_access(request, "chart", f"{name} {year}")
    return HttpResponse(figure_json(name, scope, run, year), content_type="application/json")
