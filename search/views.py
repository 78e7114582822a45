from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse

from wagtail.models import Page

from base.pagination import paginate

from . import text as search_text
from .backends import SORTS, BankQuery, search_bank
from .indexing import FACET_LABELS, FACET_NAMES
from .models import BankEntry
from .text import MAX_QUERY_LENGTH, clean_query

__all__ = ["MAX_QUERY_LENGTH", "bank_autocomplete", "bank_search", "clean_query", "site_search"]

MAX_FILTER_VALUES = 20
AUTOCOMPLETE_LIMIT = 8


def _positive_int(raw, default=1):
    try:
        return max(1, min(int(raw), 10_000))
    except (TypeError, ValueError):
        return default


def bank_query_from(request, per_page):
    filters = {}
    for name in FACET_NAMES:
        values = [value[:100] for value in request.GET.getlist(name) if value.strip()][:MAX_FILTER_VALUES]
        if values:
            filters[name] = values
    sort = request.GET.get("sort", "relevance")
    return BankQuery(
        query=request.GET.get("q", "")[:MAX_QUERY_LENGTH],
        filters=filters,
        sort=sort if sort in SORTS else "relevance",
        page=_positive_int(request.GET.get("page")),
        per_page=per_page,
    )


def _query_string(params, drop=()):
    return urlencode([(key, value) for key, value in params if key not in drop and key != "page"])


def bank_search(request, bank_page):
    """The bank's search: an HTML page, or the same results as JSON with `format=json`."""
    bank_query = bank_query_from(request, bank_page.per_page)
    results = search_bank(bank_query)
    if request.GET.get("format") == "json":
        return JsonResponse(results.as_json(), json_dumps_params={"ensure_ascii": False})

    params = [("q", bank_query.query)] if bank_query.query else []
    params += [(name, value) for name, values in bank_query.filters.items() for value in values]
    if bank_query.sort != "relevance":
        params.append(("sort", bank_query.sort))
    facets = [
        {"name": name, "label": FACET_LABELS[name], "items": results.facets.get(name, [])}
        for name in FACET_NAMES
        if results.facets.get(name)
    ]
    relaxations = [
        {**item, "query_string": _query_string(params, drop=(item["name"],))} for item in results.relaxations
    ]
    pages = Paginator(range(results.total), bank_query.per_page).get_page(results.page)
    suggestion_query = ""
    if results.suggestion:
        suggestion_query = _query_string([("q", results.suggestion)] + [p for p in params if p[0] != "q"])
    return TemplateResponse(
        request,
        "search/bank_page.html",
        {
            "page": bank_page,
            "self": bank_page,
            "bank_query": bank_query,
            "results": results,
            "facets": facets,
            "relaxations": relaxations,
            "suggestion_query": suggestion_query,
            "pages": pages,
            "query_string": _query_string(params),
            "sorts": SORTS.items(),
            "has_filters": bool(bank_query.filters),
        },
    )


def bank_autocomplete(request):
    """Titles whose words start with the typed words: [{"title", "url"}] as JSON."""
    typed = search_text.words(clean_query(request.GET.get("q", "")))[:5]
    if not typed or len(typed[-1]) < 2:
        return JsonResponse({"results": []})
    entries = BankEntry.objects.all()
    # Finished words match in any form (by root), the word being typed by its beginning.
    for word in typed[:-1]:
        entries = entries.filter(title_words__contains=f" {search_text.root(word)}")
    entries = entries.filter(title_words__contains=f" {typed[-1]}")
    titles = entries.order_by("-downloads", "title").values("title", "url")[:AUTOCOMPLETE_LIMIT]
    return JsonResponse({"results": list(titles)}, json_dumps_params={"ensure_ascii": False})


def result_templates(page):
    meta = page.specific_class._meta if page.specific_class else page._meta
    return [f"search/results/{meta.app_label}_{meta.model_name}.html", "search/results/default.html"]


def site_search(request):
    """Search over every published page anonymous visitors may see."""
    query = request.GET.get("query", "").strip()[:MAX_QUERY_LENGTH]
    words = clean_query(query)
    results = Page.objects.live().public().specific().search(words) if words else Page.objects.none()
    search_results = paginate(request, results, 10)
    for result in search_results:
        result.result_templates = result_templates(result)
    bank_page = None
    bank_total = 0
    if words:
        from .models import BankPage

        bank_page = BankPage.objects.live().public().first()
        if bank_page is not None:
            bank_total = search_bank(BankQuery(query=words, per_page=1)).total
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": search_results,
            "bank_page": bank_page,
            "bank_total": bank_total,
            "bank_query_string": urlencode({"q": words}),
            "query_string": urlencode({"query": query}),
        },
    )
