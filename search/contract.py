"""What the search parts agree on, in a module that imports none of them.

One index and one engine serve two searches: the resource bank (pages that implement
`bank_document()`, with facets) and the site search (every live public page). A query's
`scope` says which; a document's `in_bank` says where it belongs. So «математика» and
«математике» find the same pages in both, with the same morphology and snippets.

Views, index upkeep (search/indexing.py) and the backends (search/backends/) all need the
facet names, the sorts, the shape of a query, of an indexed document and of the results, and
the one way the facets reach a visitor. When these lived in the backends' package and in
indexing, indexing imported the backends and the backends imported indexing back, and the
facet list was built in three places. Here they depend on this module and never on each
other; the backends are named by dotted path, so this module imports no backend either.
"""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, TypedDict

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

FACET_NAMES = ["type", "subject", "level", "audience", "risk", "year"]
FACET_LABELS = {
    "type": "Тип ресурса",
    "subject": "Предмет",
    "level": "Уровень образования",
    "audience": "Аудитория",
    "risk": "Проблема, на которую направлен ресурс",
    "year": "Год",
}
SORTS = {"relevance": "по релевантности", "newest": "сначала новые", "downloads": "по числу скачиваний"}
FALLBACK_NOTICE = "Поиск временно работает в упрощённом режиме, результаты могут быть неполными."

# The database index is the index of record: autocomplete and spelling suggestions read it,
# Elasticsearch is rebuilt from it, and it answers when Elasticsearch cannot.
DATABASE_BACKEND = "search.backends.database.DatabaseBackend"
ELASTICSEARCH_BACKEND = "search.backends.elastic.ElasticsearchBackend"


SCOPE_BANK = "bank"
SCOPE_SITE = "site"


class IndexDocument(TypedDict):
    """One live public page as every backend indexes it (built by search/documents.py)."""

    page_id: int
    in_bank: bool  # a bank resource (practice, material, ...) rather than any other page
    title: str
    url: str
    type: str
    type_label: str
    summary: str
    text: str  # the page's text and its attachments', plain; one part (field, file) per line
    facets: dict[str, list[tuple[str, str]]]  # facet name -> [(value, label)]
    date: date
    downloads: int


@dataclass
class BankQuery:
    query: str = ""
    filters: dict = field(default_factory=dict)  # facet name -> list of selected values
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    scope: str = SCOPE_BANK  # SCOPE_SITE searches every indexed page
    # Counting facets is most of a query's work; a caller that shows none (the site search) says so.
    facets: bool = True


@dataclass
class BankResults:
    total: int
    # Each: {"page_id", "title", "url", "type", "type_label", "snippet" (safe HTML), "date", "downloads"}
    results: list
    # name -> [{"value", "label", "count", "selected"}], as facet_list() builds it; {} if not asked for
    facets: dict
    page: int = 1
    per_page: int = 10
    # Of the results, how many are the bank's resources (the site search links to them there)
    bank_total: int = 0
    suggestion: str = ""
    # Facets whose removal would give results: [{"name", "label", "count"}]
    relaxations: list = field(default_factory=list)
    notice: str = ""
    backend: str = ""

    def labelled_facets(self):
        """The facets that have values, in display order: [{"name", "label", "items"}]."""
        return [
            {"name": name, "label": FACET_LABELS[name], "items": self.facets[name]}
            for name in FACET_NAMES
            if self.facets.get(name)
        ]

    def as_json(self):
        """The public JSON shape: {"total", "results": [{"title", "url", "type", "snippet"}], "facets", "degraded"}.

        `degraded` is true when the answer came from a fallback (Elasticsearch down), with the
        visitor's `notice` beside it, so a client can tell a partial answer from a full one.
        """
        payload = {
            "total": self.total,
            "results": [{key: result[key] for key in ("title", "url", "type", "snippet")} for result in self.results],
            "facets": {
                name: [{key: item[key] for key in ("value", "label", "count")} for item in items]
                for name, items in self.facets.items()
            },
            "degraded": bool(self.notice),
        }
        if self.notice:
            payload["notice"] = self.notice
        return payload


class BackendUnavailable(Exception):
    """The backend cannot be reached; the search falls back to the database."""


class SearchBackend(Protocol):
    """What a backend does for the views (search) and for index upkeep (the rest)."""

    name: str

    def search(self, bank_query: BankQuery) -> BankResults:
        """Raises BackendUnavailable when the backend cannot answer."""

    def index_documents(self, documents: Iterable[IndexDocument]) -> None:
        """Add or replace these documents."""

    def delete_document(self, page_id: int) -> None:
        """Forget one page; a page that is not indexed is no error."""

    def rebuild(self, documents: Iterable[IndexDocument]) -> int:
        """Replace the whole index with these documents; returns how many it now holds."""


def facet_list(counts, selected, labels):
    """Every facet as a visitor sees it: the values with results, plus selected ones (to untick) even at zero.

    `counts`: name -> {value: number of results}; `selected`: name -> set of values;
    `labels`: (name, value) -> Russian label. Years run newest first, other values by count.
    """
    facets = {}
    for name in FACET_NAMES:
        name_counts = counts.get(name, {})
        name_selected = selected.get(name, set())
        items = [
            {
                "value": value,
                "label": labels.get((name, value), value),
                "count": name_counts.get(value, 0),
                "selected": value in name_selected,
            }
            for value in set(name_counts) | name_selected
        ]
        if name == "year":
            items.sort(key=lambda item: item["value"], reverse=True)
        else:
            items.sort(key=lambda item: (-item["count"], item["label"]))
        facets[name] = items
    return facets


def relaxations(available: Mapping[str, int], selected):
    """Selected facets that, dropped, would give results: [{"name", "label", "count"}]."""
    return [
        {"name": name, "label": FACET_LABELS[name], "count": available[name]}
        for name in FACET_NAMES
        if name in selected and available.get(name)
    ]


def database_backend() -> SearchBackend:
    return import_string(DATABASE_BACKEND)()


def mirror_backends() -> list[SearchBackend]:
    """Backends kept beside the database index and asked before it: Elasticsearch when configured."""
    paths = [ELASTICSEARCH_BACKEND] if getattr(settings, "ELASTICSEARCH_URL", "") else []
    return [import_string(path)() for path in paths]


def search_bank(bank_query):
    """A query's results in its scope: from Elasticsearch when configured, else (or when it is down) the database."""
    mirrors = mirror_backends()
    if mirrors:
        try:
            return mirrors[0].search(bank_query)
        except BackendUnavailable:
            logger.warning("%s is unavailable; the bank searches the database", mirrors[0].name, exc_info=True)
            results = database_backend().search(bank_query)
            results.notice = FALLBACK_NOTICE
            return results
    return database_backend().search(bank_query)
