import re

from django.template.response import TemplateResponse

from wagtail.models import Page

from home.pagination import paginate

MAX_QUERY_LENGTH = 200
# Punctuation means syntax to the full-text engines (quotes, brackets, operators); visitors
# mean words, so only words reach the backend.
NON_WORD = re.compile(r"[^\w\s]+")


def clean_query(raw):
    return " ".join(NON_WORD.sub(" ", raw[:MAX_QUERY_LENGTH]).split())


def site_search(request):
    """Search over every published page anonymous visitors may see."""
    query = request.GET.get("query", "").strip()[:MAX_QUERY_LENGTH]
    words = clean_query(query)
    results = Page.objects.live().public().specific().search(words) if words else Page.objects.none()
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "search_results": paginate(request, results, 10)},
    )
