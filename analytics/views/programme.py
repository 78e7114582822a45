"""Programme monitoring: the targets of the regional programme, each target's shortfalls and the
records behind it, and the export of both (METHODOLOGY.md "Programme monitoring").

Lists of schools, so regional analysts and municipal specialists only; a municipal
specialist's figures are their municipality's (``analytics.programme_monitoring``).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from analytics import programme_monitoring
from analytics.access import log_access, scoped
from analytics.agreements import suggestions_for
from analytics.exports import stream_csv, xlsx_response
from analytics.methodology.programme_table import ROWS_BY_CODE, SHARE
from analytics.programme_monitoring.trace import trace as trace_of
from base.pagination import paginate

from .common import no_data

TITLE = "Мониторинг программы"
TRACE_PAGE_SIZE = 200
EXPORT_KINDS = ("targets", "shortfalls")
TARGET_HEADER = [
    "№",
    "Показатель",
    "Год",
    "Значение",
    "Единица",
    "Числитель",
    "Знаменатель",
    "Целевое значение",
    "Цель",
    "Не достигли",
]
SHORTFALL_HEADER = ["№", "Показатель", "Год", "Код школы", "Школа", "Муниципалитет", "Причина"]
NOT_MEASURED = "не измеряется на портале"


def _year(request) -> int | None:
    """The ``year`` parameter as a number; anything else means the latest year."""
    raw = request.GET.get("year", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 4 else None


def _context(scope, result, **extra) -> dict:
    return {
        "scope": scope,
        "section": "programme",
        "run": result.run,
        "year": result.year,
        "years": result.years,
        "monitoring": result,
        "report_url": f"{reverse('analytics:programme_report')}?year={result.year}",
        **extra,
    }


@scoped(need="list")
def monitoring(request, scope):
    result = programme_monitoring.monitoring(scope, _year(request))
    if result is None:
        return no_data(request, TITLE, scope)
    log_access(request, "view", f"мониторинг программы {result.year}", rows=len(result.targets))
    return render(request, "analytics/programme/monitoring.html", _context(scope, result))


@scoped(need="list")
def target(request, scope, indicator):
    if indicator not in ROWS_BY_CODE:
        raise Http404("Показатель не найден")
    result = programme_monitoring.monitoring(scope, _year(request))
    if result is None:
        return no_data(request, TITLE, scope)
    measured = result.target(indicator)
    records = trace_of(scope, result, indicator)
    page = paginate(request, records.rows, TRACE_PAGE_SIZE)
    log_access(request, "view", f"показатель программы {indicator} {result.year}", rows=len(records.rows))
    extra = {"target": measured, "trace": records, "trace_page": page}
    if indicator == "active_partnership":
        # Programme schools without a signed agreement, with the engine's candidates and one action.
        extra["suggestions"] = suggestions_for(scope, result.year)
    return render(request, "analytics/programme/target.html", _context(scope, result, **extra))


def _unit_label(unit: str) -> str:
    return {"share": "%", "count": "мероприятий", "index": "% изменения"}[unit]


def _export_value(unit: str, value: float | None):
    if value is None:
        return None
    return round(100 * value, 1) if unit == SHARE else round(value, 2)


def _target_rows(result):
    for t in result.targets:
        yield [
            t.number,
            t.title,
            result.year,
            _export_value(t.unit, t.value),
            _unit_label(t.unit),
            t.numerator,
            t.denominator,
            _export_value(t.unit, t.target),
            t.status_text,
            t.shortfall_text if t.shortfalls else "",
        ]
    for number, title, why in result.not_measured:
        yield [number, title, result.year, None, "", None, None, None, NOT_MEASURED, why]


def _shortfall_rows(result):
    for t in result.targets:
        for s in t.shortfalls:
            yield [
                t.number,
                t.title,
                result.year,
                s.school.code if s.school else "",
                s.school.name if s.school else "",
                s.municipality.name if s.municipality else "",
                s.reason,
            ]


@scoped(need="list")
def export(request, scope, fmt):
    """The page's targets (``?kind=targets``, the default) or everyone short of them
    (``?kind=shortfalls``), in the viewer's scope."""
    result = programme_monitoring.monitoring(scope, _year(request))
    if result is None:
        return no_data(request, TITLE, scope)
    kind = request.GET.get("kind", "targets")
    if kind not in EXPORT_KINDS:
        kind = "targets"
    if kind == "shortfalls":
        header, rows, sheet = SHORTFALL_HEADER, list(_shortfall_rows(result)), "Не достигли целей"
    else:
        header, rows, sheet = TARGET_HEADER, list(_target_rows(result)), "Показатели программы"
    log_access(request, "export", f"мониторинг программы {result.year} ({kind}, {fmt})", rows=len(rows))
    filename = f"programme-{kind}-{result.year}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(filename, f"{sheet} {result.year}", header, rows)
    return stream_csv(filename, header, rows)
