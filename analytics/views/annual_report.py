"""The annual analytic report as a PDF, for the region or one municipality.

``report_data`` gathers what the report shows from the latest successful run and the
programme records, narrowed to the report's place; ``analytics.annual_report`` draws it. A
report of a municipality reads its schools only, whoever asks for it.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.utils import timezone

from wagtail.models import Site

from analytics.access import Level, Scope, log_access, scoped
from analytics.methodology.programme_table import INDEX
from analytics.models import AssessmentResult, GapResult, SchoolYearResult
from analytics.programme_monitoring import format_value, monitoring
from base.models import SiteSettings
from registry.models import Municipality

from .common import FLAG_LABELS, SUBJECT_LABELS, chosen_year, indicator_label, latest_run, no_data, run_years
from .dashboard import COUNTS

TITLE = "Аналитический отчёт"
# "both" comes first: COUNTS names its annotations after the flag fields, and a filter written
# after them would count the annotations instead of the fields.
IDENTIFICATION_COUNTS = {"both": Count("id", filter=Q(low_results=True, unfavourable=True)), **COUNTS}
SCHOOL_FLAGS = ("low_results", "unfavourable", "stably_low", "resilient")


def _place(request, scope) -> Municipality | None:
    """The municipality of the report, or None for the region.

    A municipal specialist's report is always of their municipality; naming another one looks
    exactly like naming one that does not exist (404), as everywhere in analytics.
    """
    raw = request.GET.get("municipality", "").strip()
    if not raw and not scope.is_regional:
        raw = str(scope.municipality_id)
    if not raw:
        return None
    # Digits only, and few enough for the database's integer key (a longer one is unknown anyway).
    well_formed = raw.isascii() and raw.isdigit() and len(raw) <= 18
    place = Municipality.objects.filter(pk=int(raw)).first() if well_formed else None
    if place is None or not scope.can_view_municipality(place):
        raise Http404("Муниципалитет не найден")
    return place


def _organisation(request) -> str:
    site = Site.find_for_request(request)
    return SiteSettings.for_site(site).organisation_name if site else ""


def _identification(run, years, place) -> list[dict]:
    rows = SchoolYearResult.objects.filter(run=run, year__in=years)
    if place is not None:
        rows = rows.filter(school__municipality=place)
    return list(rows.values("year").annotate(**IDENTIFICATION_COUNTS).order_by("year"))


def _by_municipality(run, year) -> list[dict]:
    return list(
        SchoolYearResult.objects.filter(run=run, year=year)
        .values("school__municipality__name")
        .annotate(**IDENTIFICATION_COUNTS)
        .order_by("school__municipality__name")
    )


def _flagged_schools(run, year, place) -> list[dict]:
    """The municipality's schools with any identification flag in ``year``, by code."""
    any_flag = Q()
    for flag in SCHOOL_FLAGS:
        any_flag |= Q(**{flag: True})
    rows = (
        SchoolYearResult.objects.filter(run=run, year=year, school__municipality=place)
        .filter(any_flag)
        .order_by("school__code")
        .values("school__name", "school__code", *SCHOOL_FLAGS)
    )
    return [
        {
            "name": row["school__name"],
            "code": row["school__code"],
            "flags": [FLAG_LABELS[flag] for flag in SCHOOL_FLAGS if row[flag]],
        }
        for row in rows
    ]


def _gaps(run, years) -> list[dict]:
    rows = GapResult.objects.filter(run=run, year__in=years).order_by("year", "assessment", "grade", "subject")
    return [
        {**row, "indicator": indicator_label(row["assessment"], row["grade"], row["subject"])} for row in rows.values()
    ]


def _in_place(shortfall, place) -> bool:
    """A shortfall belongs to the report's place (a second guard behind the place's scope)."""
    if place is None or (shortfall.school is None and shortfall.municipality is None):
        return True
    if shortfall.school is not None:
        return shortfall.school.municipality_id == place.pk
    return shortfall.municipality.pk == place.pk


def _shortfall_row(shortfall, unit: str, place) -> dict:
    if shortfall.school is not None:
        who = f"{shortfall.school.name} ({shortfall.school.code})"
    elif shortfall.municipality is not None:
        who = shortfall.municipality.name
    elif unit == INDEX or place is None:
        who = "регион в целом"  # the gap is measured over the whole region, whatever the report's place
    else:
        who = "муниципалитет в целом"
    municipality = shortfall.municipality.name if shortfall.school is not None and shortfall.municipality else ""
    return {"who": who, "municipality": municipality, "reason": shortfall.reason}


def _programme(scope, year: int, place: Municipality | None) -> dict | None:
    """The programme's targets as the report prints them, with the texts the monitoring page
    uses, so the two never write the same figure differently."""
    # Read through a scope of the report's place, so a regional analyst's municipality report
    # counts and lists that municipality's schools and no others.
    place_scope = scope if place is None else Scope(Level.MUNICIPALITY, municipality_id=place.pk)
    result = monitoring(place_scope, year)
    if result is None:
        return None
    years = [y for y in result.years if y <= year]
    targets = [
        {
            "number": t.number,
            "title": t.title,
            "unit": t.unit,
            "value": t.value,
            "target": t.target,
            "value_text": t.value_text,
            "ratio_text": t.ratio_text if t.value is not None else "",
            "target_text": t.target_text,
            "status_text": t.status_text,
            "met": t.met,
            "trend": [format_value(t.unit, value) for y, value in t.trend if y in years],
            "shortfalls": [_shortfall_row(s, t.unit, place) for s in t.shortfalls if _in_place(s, place)],
        }
        for t in result.targets
    ]
    return {
        "years": years,
        "targets": targets,
        "met": result.met_count,
        "judged": result.judged_count,
        "not_measured": [{"number": n, "title": title, "why": why} for n, title, why in result.not_measured],
    }


def report_data(scope, run, year: int, place: Municipality | None) -> dict:
    """Everything the report shows. Years are the run's up to the report's year: a report for
    a year does not speak of later ones, even when the run holds them."""
    years = [y for y in run_years(run) if y <= year]
    return {
        "run": run,
        "run_at": timezone.localtime(run.finished_at or run.started_at),
        "year": year,
        "years": years,
        "place": place,
        "params": run.engine_parameters(),
        "assessment_labels": dict(AssessmentResult.Assessment.choices),
        "subject_labels": SUBJECT_LABELS,
        "identification": _identification(run, years, place),
        "by_municipality": _by_municipality(run, year) if place is None else [],
        "flagged_schools": _flagged_schools(run, year, place) if place is not None else [],
        "gaps": _gaps(run, years),
        "programme": _programme(scope, year, place),
        "made_at": timezone.localtime(),
    }


@scoped(need="list")
def report_pdf(request, scope):
    from analytics.annual_report import render_report

    place = _place(request, scope)
    run = latest_run()
    if run is None:
        return no_data(request, f"{TITLE}: {place.name}" if place else TITLE, scope)
    year = chosen_year(request, run)
    data = report_data(scope, run, year, place)
    data["organisation"] = _organisation(request)
    log_access(request, "pdf", f"отчёт {year}: " + (f"муниципалитет {place.pk}" if place else "регион"))
    response = HttpResponse(render_report(data), content_type="application/pdf")
    name = f"report-{year}-m{place.pk}.pdf" if place else f"report-{year}-region.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
