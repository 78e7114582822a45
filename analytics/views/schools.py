"""School list with filters, sorting and paging, and its CSV/XLSX export of exactly those rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import F, Q
from django.shortcuts import render

from analytics.access import log_access, scoped
from analytics.exports import stream_csv, xlsx_response
from analytics.models import SchoolYearResult
from registry.models import Municipality

from .common import (
    FLAG_LABELS,
    TREND_LABELS,
    chosen_year,
    clean_text,
    cluster_label,
    latest_run,
    no_data,
    run_years,
)

PAGE_SIZE = 50

# Column key -> (header, values() path); the list, the CSV and the XLSX share it.
COLUMNS = [
    ("code", "Код школы", "school__code"),
    ("name", "Школа", "school__name"),
    ("municipality", "Муниципалитет", "school__municipality__name"),
    ("year", "Год", "year"),
    ("quality_index", "Индекс качества", "quality_index"),
    ("quality_se", "Стандартная ошибка", "quality_se"),
    ("quality_group", "Группа по качеству", "quality_group"),
    ("low_results", "ШНОР", "low_results"),
    ("stably_low", "Устойчиво низкие", "stably_low"),
    ("rosobrnadzor_risk", "Риск Рособрнадзора", "rosobrnadzor_risk"),
    ("quality_change", "Изменение индекса", "quality_change"),
    ("trend", "Динамика", "trend"),
    ("isbs", "ИСБШ", "isbs"),
    ("isbs_group", "Группа по ИСБШ", "isbs_group"),
    ("unfavourable", "ШФНСУ", "unfavourable"),
    ("expected_quality", "Ожидаемый индекс", "expected_quality"),
    ("residual_z", "z добавленной ценности", "residual_z"),
    ("effectiveness", "Эффективность", "effectiveness"),
    ("resilient", "Резильентная", "resilient"),
    ("cluster", "Кластер", "cluster"),
    ("objectivity_flags", "Сигналы ВПР", "objectivity_flags"),
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
    return qs.values("school__municipality_id", *[path for _, _, path in COLUMNS])


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
    log_access(request, "view", "список школ", rows=len(page.object_list))
    sort_links = {key: filters.querystring(sort=key if filters.sort != key else f"-{key}", page=None) for key in SORTS}
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
            "rows": page.object_list,
            "total": paginator.count,
            "municipalities": municipalities,
            "clusters": clusters,
            "groups": range(1, 12),
            "flag_labels": FLAG_LABELS,
            "trend_labels": TREND_LABELS,
            "sort_links": sort_links,
            "querystring": filters.querystring(),
            "page_querystring": filters.querystring(page=None),
        },
    )


def _export_rows(scope, run, filters):
    for row in filtered_rows(scope, run, filters).iterator(chunk_size=2000):
        yield [row[path] for _, _, path in COLUMNS]


@scoped(need="list")
def school_export(request, scope, fmt):
    """Exactly the rows of the list with the same query string (all pages), in the viewer's scope."""
    run = latest_run()
    if run is None:
        return no_data(request, "Выгрузка", scope)
    filters = Filters.from_request(request, run)
    count = filtered_rows(scope, run, filters).count()
    log_access(request, "export", f"список школ ({fmt})", rows=count)
    header = [title for _, title, _ in COLUMNS]
    filename = f"schools-{filters.year}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(filename, f"Школы {filters.year}", header, _export_rows(scope, run, filters))
    return stream_csv(filename, header, _export_rows(scope, run, filters))
