"""The bank's search backends: one interface, one result shape.

`search_bank()` picks Elasticsearch when `ELASTICSEARCH_URL` is set and falls back to the
database (with a notice for the visitor) when Elasticsearch cannot be reached.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings

logger = logging.getLogger(__name__)

SORTS = {"relevance": "по релевантности", "newest": "сначала новые", "downloads": "по числу скачиваний"}
FALLBACK_NOTICE = "Поиск временно работает в упрощённом режиме, результаты могут быть неполными."


@dataclass
class BankQuery:
    query: str = ""
    filters: dict = field(default_factory=dict)  # facet name -> list of selected values
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10


@dataclass
class BankResults:
    total: int
    # Each: {"title", "url", "type", "type_label", "snippet" (safe HTML), "date", "downloads"}
    results: list
    # name -> [{"value", "label", "count", "selected"}]
    facets: dict
    page: int = 1
    per_page: int = 10
    suggestion: str = ""
    # Facets whose removal would give results: [{"name", "label", "count"}]
    relaxations: list = field(default_factory=list)
    notice: str = ""
    backend: str = ""

    @property
    def num_pages(self):
        return max(1, -(-self.total // self.per_page))

    def as_json(self):
        """The public JSON shape: {"total", "results": [{"title", "url", "type", "snippet"}], "facets"}."""
        return {
            "total": self.total,
            "results": [{key: result[key] for key in ("title", "url", "type", "snippet")} for result in self.results],
            "facets": {
                name: [{key: item[key] for key in ("value", "label", "count")} for item in items]
                for name, items in self.facets.items()
            },
        }


def search_bank(bank_query):
    from .database import DatabaseBackend

    if getattr(settings, "ELASTICSEARCH_URL", ""):
        from .elastic import ElasticsearchBackend, ElasticsearchUnavailable

        try:
            return ElasticsearchBackend().search(bank_query)
        except ElasticsearchUnavailable:
            logger.warning("Elasticsearch is unavailable; the bank searches the database", exc_info=True)
            results = DatabaseBackend().search(bank_query)
            results.notice = FALLBACK_NOTICE
            return results
    return DatabaseBackend().search(bank_query)
