"""School list with filters, sorting and paging, and its CSV/XLSX export of exactly those rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import F, Q
from django.shortcuts import render

from analytics.access import log_access, scoped
from analytics.exports import fixed, stream_csv, xlsx_response
from analytics.models import SchoolYearResult
from registry.models import Municipality

from .common import (
    EFFECTIVENESS_LABELS,
    FLAG_LABELS,
    NOT_AVAILABLE,
    TREND_LABELS,
    chosen_year,
    clean_text,
    cluster_label,
    flag_tags,
    latest_run,
    methodology_words,
    no_data,
    objectivity_text,
    run_years,
    sort_headers,
    unknown_by_year,
)

PAGE_SIZE = 50


def _same(value):
    return value


def _index(value):
    return fixed(value, 3)


def _label(labels):
    # An empty code is a value the engine could not compute (no previous year, no ИСБШ).
    return lambda code: labels.get(code, code) if code else NOT_AVAILABLE


@dataclass(frozen=True)
class Column:
    """One column of the list's exports: header, values() path, how a cell reads, XLSX width.

    Cells read as on the page: Russian words for codes, indices to 3 decimals, z to 2.
    """

    key: str
    title: str
    path: str
    show: Callable[[Any], Any] = _same
    width: int = 12


COLUMNS = [
    Column("code", "Код школы", "school__code", width=12),
    Column("name", "Школа", "school__name", width=45),
    Column("municipality", "Муниципалитет", "school__municipality__name", width=28),
    Column("year", "Год", "year", width=8),
    Column("quality_index", "Индекс качества", "quality_index", _index),
    Column("quality_se", "Стандартная ошибка индекса", "quality_se", _index),
    Column("quality_group", "Группа по качеству", "quality_group"),
    Column("low_results", "ШНОР", "low_results", width=8),
    Column("stably_low", "Устойчиво низкие результаты", "stably_low", width=16),
    Column("rosobrnadzor_risk", "Риск по показателю Рособрнадзора", "rosobrnadzor_risk", width=18),
    Column("quality_change", "Изменение индекса к прошлому году", "quality_change", _index, width=16),
    Column("trend", "Динамика", "trend", _label(TREND_LABELS), width=24),
    Column("isbs", "ИСБШ", "isbs", _index, width=10),
    Column("isbs_group", "Группа по ИСБШ", "isbs_group"),
    Column("unfavourable", "ШФНСУ", "unfavourable", width=8),
    Column("expected_quality", "Ожидаемый индекс качества", "expected_quality", _index, width=14),
    Column("residual_z", "z добавленной ценности", "residual_z", lambda v: fixed(v, 2), width=14),
    Column("effectiveness", "Эффективность", "effectiveness", _label(EFFECTIVENESS_LABELS), width=40),
    Column("resilient", "Резильентная", "resilient", width=12),
    Column("cluster", "Кластер", "cluster", lambda code: cluster_label(code) if code else NOT_AVAILABLE, width=48),
    Column("objectivity_flags", "Сигналы ВПР", "objectivity_flags", lambda v: objectivity_text(v) or "нет", width=40),
]
# The page's table: sortable keys (SORTS) or None, and titles.
LIST_HEADERS = [
    ("code", "Код"),
    ("name", "Школа"),
    ("municipality", "Муниципалитет"),
    ("quality_index", "Индекс качества"),
    ("quality_group", "Группа"),
    ("isbs", "ИСБШ"),
    ("isbs_group", "Группа ИСБШ"),
    ("quality_change", "Изменение"),
    (None, "Признаки"),
]
SORTS = {
    "code": "school__code",
    "name": "school__name",
    "municipality": "school__municipality__name",
    "quality_index": "quality_index",
    "quality_group": "quality_group",
    "isbs": "isbs",
    "isbs_group": "isbs_group",
    "quality_change": "quality_change",
    "residual_z": "residual_z",
}
FLAG_FILTERS = {
    "low_results": Q(low_results=True),
    "unfavourable": Q(unfavourable=True),
    "stably_low": Q(stably_low=True),
    "resilient": Q(resilient=True),
    "rosobrnadzor_risk": Q(rosobrnadzor_risk=True),
    "objectivity": ~Q(objectivity_flags=""),
}


def _int(value, low, high):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


@dataclass
class Filters:
    """The list's query string, validated: unknown values are dropped, never passed to the ORM."""

    year: int | None = None
    municipality: int | None = None
    quality_group: int | None = None
    isbs_group: int | None = None
    flags: list[str] = field(default_factory=list)
    cluster: str = ""
    trend: str = ""
    q: str = ""
    sort: str = "code"

    @classmethod
    def from_request(cls, request, run):
        get = request.GET
        sort = get.get("sort", "code")
        if sort.lstrip("-") not in SORTS:
            sort = "code"
        return cls(
            year=chosen_year(request, run),
            municipality=_int(get.get("municipality"), 1, 2**31),
            quality_group=_int(get.get("quality_group"), 1, 11),
            isbs_group=_int(get.get("isbs_group"), 1, 11),
            flags=[f for f in get.getlist("flag") if f in FLAG_FILTERS],
            cluster=clean_text(get.get("cluster"), 30),
            trend=get.get("trend", "") if get.get("trend", "") in TREND_LABELS else "",
            q=clean_text(get.get("q"), 100),
            sort=sort,
        )

    def querystring(self, **override) -> str:
        data = {
            "year": self.year,
            "municipality": self.municipality,
            "quality_group": self.quality_group,
            "isbs_group": self.isbs_group,
            "flag": self.flags,
            "cluster": self.cluster,
            "trend": self.trend,
            "q": self.q,
            "sort": self.sort,
        }
        data.update(override)
        return urlencode({k: v for k, v in data.items() if v not in (None, "", [])}, doseq=True)


def filtered_rows(scope, run, filters: Filters):
    """The rows the list shows, in scope, as dicts of the COLUMNS paths (plus ids for links)."""
    qs = scope.filter_schools(SchoolYearResult.objects.filter(run=run, year=filters.year), "school__")
    if filters.municipality:
        qs = qs.filter(school__municipality_id=filters.municipality)
    if filters.quality_group:
        qs = qs.filter(quality_group=filters.quality_group)
    if filters.isbs_group:
        qs = qs.filter(isbs_group=filters.isbs_group)
    for flag in filters.flags:
        qs = qs.filter(FLAG_FILTERS[flag])
    if filters.cluster:
        qs = qs.filter(cluster=filters.cluster)
    if filters.trend:
        qs = qs.filter(trend=filters.trend)
    if filters.q:
        qs = qs.filter(Q(school__code__iexact=filters.q) | Q(school__name__icontains=filters.q))
    # Missing values last in both directions.
    column = F(SORTS[filters.sort.lstrip("-")])
    qs = qs.order_by(
        column.desc(nulls_last=True) if filters.sort.startswith("-") else column.asc(nulls_last=True), "school__code"
    )
    return qs.values("school__municipality_id", *[column.path for column in COLUMNS])


def _choices(scope, run, year):
    if scope.is_regional:
        municipalities = Municipality.objects.order_by("name").values_list("id", "name")
    else:
        municipalities = Municipality.objects.filter(pk=scope.municipality_id).values_list("id", "name")
    clusters = (
        SchoolYearResult.objects.filter(run=run, year=year)
        .exclude(cluster="")
        .values_list("cluster", flat=True)
        .distinct()
        .order_by("cluster")
    )
    return list(municipalities), [(c, cluster_label(c)) for c in clusters]


@scoped(need="list")
def school_list(request, scope):
    run = latest_run()
    if run is None:
        return no_data(request, "Школы", scope)
    filters = Filters.from_request(request, run)
    rows = filtered_rows(scope, run, filters)
    paginator = Paginator(rows, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    municipalities, clusters = _choices(scope, run, filters.year)
    unknown = unknown_by_year(run).get(filters.year, set())
    rows = [dict(row, tags=flag_tags(row, unknown)) for row in page.object_list]
    log_access(request, "view", "список школ", rows=len(rows))
    return render(
        request,
        "analytics/school_list.html",
        {
            "scope": scope,
            "section": "schools",
            "run": run,
            "years": run_years(run),
            "filters": filters,
            "page_obj": page,
            "rows": rows,
            "year": filters.year,
            "unknown": unknown,
            "methodology": methodology_words(run),
            "total": paginator.count,
            "municipalities": municipalities,
            "clusters": clusters,
            "groups": range(1, 12),
            "flag_labels": FLAG_LABELS,
            "trend_labels": TREND_LABELS,
            "headers": sort_headers(LIST_HEADERS, filters.sort),
            "querystring": filters.querystring(),
        },
    )


def _export_rows(scope, run, filters):
    """The list's rows as the page reads them; a flag the year cannot give is «нет данных»."""
    unknown = unknown_by_year(run).get(filters.year, set())
    for row in filtered_rows(scope, run, filters).iterator(chunk_size=2000):
        yield [NOT_AVAILABLE if c.key in unknown else c.show(row[c.path]) for c in COLUMNS]


@scoped(need="list")
def school_export(request, scope, fmt):
    """Exactly the rows of the list with the same query string (all pages), in the viewer's scope."""
    run = latest_run()
    if run is None:
        return no_data(request, "Выгрузка", scope)
    filters = Filters.from_request(request, run)
    count = filtered_rows(scope, run, filters).count()
    log_access(request, "export", f"список школ ({fmt})", rows=count)
    header = [column.title for column in COLUMNS]
    filename = f"schools-{filters.year}.{fmt}"
    if fmt == "xlsx":
        widths = [column.width for column in COLUMNS]
        return xlsx_response(filename, f"Школы {filters.year}", header, _export_rows(scope, run, filters), widths)
    return stream_csv(filename, header, _export_rows(scope, run, filters))
