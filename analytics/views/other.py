"""Municipality view, the ИСБШ regression report, computation runs and the recompute button."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from analytics.access import log_access, scoped
from analytics.computation import ComputationBusy, clear_stale_runs
from analytics.models import ComputationRun, RegressionReport, SchoolYearResult
from analytics.tasks import request_computation
from registry.models import Municipality

from .common import (
    SOURCE_LABELS,
    blank_unknown,
    chosen_sort,
    chosen_year,
    flag_tags,
    latest_run,
    methodology_words,
    no_data,
    run_years,
    sort_headers,
    sorted_rows,
    unknown_by_year,
)
from .dashboard import COUNTS

TERM_LABELS = {
    "const": "Свободный член",
    "higher_education_share": "Доля семей с высшим образованием обоих родителей",
    "single_parent_share": "Доля неполных семей",
    "kdn_share": "Доля состоящих на учёте в КДН",
    "large_family_share": "Доля многодетных семей",
    "unemployed_parent_share": "Доля семей с безработными родителями",
    "ovz_share": "Доля обучающихся с ОВЗ",
    "non_native_share": "Доля обучающихся, для которых русский не родной",
}
SCHOOL_COLUMNS = [
    ("school__code", "Код"),
    ("school__name", "Школа"),
    ("quality_index", "Индекс качества"),
    ("quality_group", "Группа"),
    ("isbs", "ИСБШ"),
    ("isbs_group", "Группа ИСБШ"),
    (None, "Признаки"),
]


@scoped(need="list")
def municipality(request, scope, pk):
    place = Municipality.objects.filter(pk=pk).first()
    if place is None or not scope.can_view_municipality(place):
        raise Http404("Муниципалитет не найден")
    run = latest_run()
    if run is None:
        return no_data(request, place.name, scope)
    year = chosen_year(request, run)
    unknown = unknown_by_year(run)
    sort = chosen_sort(request, {key for key, _ in SCHOOL_COLUMNS if key}, "school__code")
    rows = SchoolYearResult.objects.filter(run=run, year=year, school__municipality=place)
    counts = blank_unknown(rows.aggregate(**COUNTS), unknown.get(year, set()))
    by_year = [
        blank_unknown(row, unknown.get(row["year"], set()))
        for row in SchoolYearResult.objects.filter(run=run, school__municipality=place)
        .values("year")
        .annotate(**COUNTS)
        .order_by("year")
    ]
    schools = list(
        rows.order_by("school__code").values(
            "school__code",
            "school__name",
            "quality_index",
            "quality_group",
            "isbs",
            "isbs_group",
            "low_results",
            "unfavourable",
            "stably_low",
            "resilient",
            "rosobrnadzor_risk",
            "objectivity_flags",
            "trend",
        )
    )
    for school in schools:
        school["tags"] = flag_tags(school, unknown.get(year, set()))
    schools = sorted_rows(schools, sort)
    log_access(request, "view", f"муниципалитет {place.pk}", rows=len(schools))
    return render(
        request,
        "analytics/municipality.html",
        {
            "scope": scope,
            "section": "municipality",
            "run": run,
            "year": year,
            "years": run_years(run),
            "municipality": place,
            "counts": counts,
            "by_year": by_year,
            "schools": schools,
            "headers": sort_headers(SCHOOL_COLUMNS, sort),
            "unknown": unknown.get(year, set()),
            "methodology": methodology_words(run),
            "focus": [s for s in schools if s["low_results"] or s["unfavourable"]],
        },
    )


@scoped(need="aggregates")
def regression(request, scope):
    run = latest_run()
    if run is None:
        return no_data(request, "Регрессия ИСБШ", scope)
    reports = []
    for report in RegressionReport.objects.filter(run=run).order_by("-year"):
        terms = [dict(term, label=TERM_LABELS.get(term.get("term"), term.get("term"))) for term in report.coefficients]
        reports.append({"report": report, "terms": terms})
    return render(
        request,
        "analytics/regression.html",
        {
            "scope": scope,
            "section": "regression",
            "run": run,
            "methodology": methodology_words(run),
            "reports": reports,
            "factors": run.parameters.get("factors", []),
        },
    )


@scoped(need="aggregates")
def runs(request, scope):
    """The computation runs, a queued or running one with its progress.

    Who started a run and why it failed (raw exception text) are shown only to the region's
    analysts and those who may recompute; a municipal specialist sees the status alone.
    """
    clear_stale_runs()
    items = list(ComputationRun.objects.select_related("user").order_by("-started_at", "-pk")[:50])
    for item in items:
        item.methodology = methodology_words(item)
        item.source_label = SOURCE_LABELS.get(item.source, item.source)
    latest = latest_run()
    return render(
        request,
        "analytics/runs.html",
        {
            "scope": scope,
            "section": "runs",
            "runs": items,
            "active": next((r for r in items if r.status in ComputationRun.ACTIVE), None),
            "show_details": scope.is_regional or scope.can_recompute,
            "latest": latest,
            "years": run_years(latest) if latest else [],
        },
    )


@require_POST
@scoped(need="recompute")
def recompute(request, scope):
    """Queue a computation (as ``manage.py compute_indices`` would run it: every year present,
    stored as a new run) for the background worker; one at a time."""
    try:
        run = request_computation(user=request.user, source="web")
    except ComputationBusy as busy:
        messages.warning(request, f"{busy} Новый расчёт не запущен.")
        return redirect("analytics:runs")
    log_access(request, "recompute", f"расчёт {run.pk}")
    if run.status == ComputationRun.Status.SUCCESS:
        messages.success(
            request, f"Расчёт №{run.pk} выполнен: {run.schools} школ, годы {', '.join(map(str, run.years))}."
        )
    elif run.status == ComputationRun.Status.FAILED:
        messages.error(request, f"Расчёт №{run.pk} не выполнен: {run.error}")
    else:
        messages.info(request, f"Расчёт №{run.pk} поставлен в очередь; его ход виден в таблице ниже.")
    return redirect("analytics:runs")
