from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse

from wagtail.models import Page

from . import text as search_text
from .backends.database import suggested_titles
from .contract import FACET_NAMES, SCOPE_SITE, SORTS, BankQuery, search_bank
from .documents import is_bank_page
from .models import BankPage

MAX_FILTER_VALUES = 20
AUTOCOMPLETE_LIMIT = 8
SITE_PER_PAGE = 10


def _positive_int(raw, default=1):
    try:
        return max(1, min(int(raw), 10_000))
    except (TypeError, ValueError):
        return default


def bank_query_from(request, per_page):
    filters = {}
    for name in FACET_NAMES:
        # No facet value holds a NUL, and PostgreSQL refuses one in a query parameter.
        values = [value.replace("\x00", "")[:100] for value in request.GET.getlist(name)]
        values = [value for value in values if value.strip()][:MAX_FILTER_VALUES]
        if values:
            filters[name] = values
    sort = request.GET.get("sort", "relevance")
    return BankQuery(
        query=request.GET.get("q", "")[: search_text.MAX_QUERY_LENGTH],
        filters=filters,
        sort=sort if sort in SORTS else "relevance",
        page=_positive_int(request.GET.get("page")),
        per_page=per_page,
    )


def bank_search(request, bank_page):
    """The bank's search: an HTML page, or the same results as JSON with `format=json`."""
    bank_query = bank_query_from(request, bank_page.per_page)
    results = search_bank(bank_query)
    if request.GET.get("format") == "json":
        return JsonResponse(results.as_json(), json_dumps_params={"ensure_ascii": False})

    # Links are the visitor's own query with something changed ({% querystring %}); a facet's
    # name is data, so the query without it is made here.
    relaxations = []
    for item in results.relaxations:
        params = request.GET.copy()
        params.pop(item["name"], None)
        relaxations.append({**item, "params": params})
    return TemplateResponse(
        request,
        "search/bank_page.html",
        {
            "page": bank_page,
            "self": bank_page,
            "bank_query": bank_query,
            "results": results,
            "facets": results.labelled_facets(),
            "relaxations": relaxations,
            "pages": Paginator(range(results.total), bank_query.per_page).get_page(results.page),
            "sorts": SORTS.items(),
            "has_filters": bool(bank_query.filters),
            "filters_chosen": sum(len(values) for values in bank_query.filters.values()),
        },
    )


def bank_autocomplete(request):
    """Titles whose words start with the typed words: [{"title", "url"}] as JSON."""
    typed = search_text.words(search_text.clean_query(request.GET.get("q", "")))[:5]
    if not typed or len(typed[-1]) < 2:
        return JsonResponse({"results": []})
    titles = suggested_titles(typed, AUTOCOMPLETE_LIMIT)
    return JsonResponse({"results": titles}, json_dumps_params={"ensure_ascii": False})


def result_templates(page):
    """A page type's own result template if it has one; bank resources share one; else the default."""
    meta = page.specific_class._meta if page.specific_class else page._meta
    candidates = [f"search/results/{meta.app_label}_{meta.model_name}.html"]
    if is_bank_page(page):
        candidates.append("search/results/bank_resource.html")
    return [*candidates, "search/results/default.html"]


def site_search(request):
    """Search over every published page anonymous visitors may see, by the bank's engine and morphology."""
    query = request.GET.get("query", "").strip()[: search_text.MAX_QUERY_LENGTH]
    words = search_text.clean_query(query)
    context = {"search_query": query, "search_results": [], "pages": None, "bank_page": None, "bank_total": 0}
    if words:
        results = search_bank(
            BankQuery(
                query=words,
                scope=SCOPE_SITE,
                page=_positive_int(request.GET.get("page")),
                per_page=SITE_PER_PAGE,
                facets=False,
            )
        )
        context["search_results"] = result_pages(results)
        context["pages"] = Paginator(range(results.total), SITE_PER_PAGE).get_page(results.page)
        context["notice"] = results.notice
        context["suggestion"] = results.suggestion
        context["bank_page"] = BankPage.objects.live().public().first()
        if context["bank_page"] is not None:
            context["bank_total"] = results.bank_total
            context["bank_words"] = words
    return TemplateResponse(request, "search/search.html", context)


def result_pages(results):
    """The found pages in the results' order, each with its snippet and result templates.

    The pages are read again through `.live().public()`: an index that lags behind a change of
    privacy still never shows the page.
    """
    ids = [result["page_id"] for result in results.results]
    found = {page.pk: page for page in Page.objects.live().public().filter(pk__in=ids).specific()}
    pages = []
    for result in results.results:
        page = found.get(result["page_id"])
        if page is not None:
            page.search_snippet = result["snippet"]
            page.result_templates = result_templates(page)
            pages.append(page)
    return pages
