"""The index in Elasticsearch, through the `elasticsearch.dsl` API of the official client.

The analyzer repeats the project's morphology (search/text.py): ё→е folding, lowercase,
Russian stop words, the Snowball Russian stemmer and the same derivational rules. Facets are
keyword fields counted by terms aggregations, each inside a filter of the *other* selected
facets, while the selection itself is a post_filter: so a value's count is the number of
results that ticking it would give.

Snippets come from search/snippets.py on the stored text, as in the database backend: both
backends cut the same sentences and mark the same words. An index built before the site search
shared it has no `in_bank` field; the bank treats a document without it as a resource, so it
keeps answering until `rebuild_bank_index` runs.
"""

from functools import lru_cache

import elasticsearch
from elasticsearch import helpers
from elasticsearch.dsl import (
    A,
    Boolean,
    Date,
    Document,
    Integer,
    Keyword,
    Q,
    Search,
    Text,
    analyzer,
    char_filter,
    token_filter,
)

from django.conf import settings

from .. import text as search_text
from ..contract import FACET_NAMES, SCOPE_BANK, BackendUnavailable, BankResults, facet_list, relaxations
from ..models import FacetLabel
from ..snippets import snippet

# What the client raises when Elasticsearch cannot answer (reported as BackendUnavailable).
ElasticsearchUnavailable = (elasticsearch.ConnectionError, elasticsearch.TransportError, elasticsearch.ApiError)

russian = analyzer(
    "russian_folded",
    tokenizer="standard",
    char_filter=[char_filter("yo_folding", "mapping", mappings=["ё => е", "Ё => Е"])],
    filter=[
        "lowercase",
        token_filter("russian_stop", "stop", stopwords="_russian_"),
        token_filter("russian_stemmer", "stemmer", language="russian"),
        # Java's \w is ASCII-only: "." stands for "any letter" in the lookbehind.
        token_filter("adjective_to_noun", "pattern_replace", pattern="ическ$", replacement="ик"),
        token_filter("drop_soft_n", "pattern_replace", pattern="(?<=.{3})ьн$", replacement=""),
    ],
)


class BankDocument(Document):
    title = Text(analyzer=russian)
    url = Keyword(index=False)
    in_bank = Boolean()
    type_label = Keyword(index=False)
    summary = Text(analyzer=russian)
    text = Text(analyzer=russian)
    type = Keyword()
    subject = Keyword(multi=True)
    level = Keyword(multi=True)
    audience = Keyword(multi=True)
    risk = Keyword(multi=True)
    year = Keyword(multi=True)
    date = Date()
    downloads = Integer()


def index_name():
    return getattr(settings, "ELASTICSEARCH_BANK_INDEX", "iro-bank")


@lru_cache(maxsize=4)
def _client(url):
    # No retries and a short timeout: a visitor should get the database fallback quickly.
    return elasticsearch.Elasticsearch(url, request_timeout=5, max_retries=0, retry_on_timeout=False)


def client():
    return _client(settings.ELASTICSEARCH_URL)


def ensure_index():
    if not client().indices.exists(index=index_name()):
        BankDocument.init(index=index_name(), using=client())


def _as_es(document):
    values = {name: [value for value, _ in document["facets"].get(name, [])] for name in FACET_NAMES if name != "type"}
    return BankDocument(
        meta={"id": document["page_id"]},
        in_bank=document["in_bank"],
        title=document["title"],
        type=document["type"],
        url=document["url"],
        type_label=document["type_label"],
        summary=document["summary"],
        text=document["text"],
        date=document["date"],
        downloads=document["downloads"],
        **values,
    )


def _unavailable(error):
    return BackendUnavailable(error.__class__.__name__)


def _facet_filter(selected, except_name=None):
    return [Q("terms", **{name: sorted(values)}) for name, values in selected.items() if name != except_name]


class ElasticsearchBackend:
    name = "elasticsearch"

    def index_documents(self, documents):
        try:
            ensure_index()
            for document in documents:
                _as_es(document).save(using=client(), index=index_name(), refresh=True)
        except ElasticsearchUnavailable as error:
            raise _unavailable(error) from error

    def delete_document(self, page_id):
        try:
            client().options(ignore_status=404).delete(index=index_name(), id=page_id, refresh=True)
        except ElasticsearchUnavailable as error:
            raise _unavailable(error) from error

    def rebuild(self, documents):
        """Recreate the index from these documents (the database index's, see search/indexing.py)."""
        es = client()
        try:
            es.options(ignore_status=404).indices.delete(index=index_name())
            BankDocument.init(index=index_name(), using=es)
            actions = (
                {**_as_es(document).to_dict(include_meta=True), "_index": index_name()} for document in documents
            )
            indexed, _ = helpers.bulk(es, actions, refresh=True)
        except ElasticsearchUnavailable as error:
            raise _unavailable(error) from error
        return indexed

    def search(self, bank_query):
        query = search_text.clean_query(bank_query.query)
        selected = {name: set(values) for name, values in bank_query.filters.items() if name in FACET_NAMES and values}
        search = Search(using=client(), index=index_name()).extra(track_total_hits=True)
        if query:
            search = search.query(
                "multi_match",
                query=query,
                fields=["title^5", "summary^2", "text"],
                type="cross_fields",
                operator="and",
            )
        in_bank = Q("bool", must_not=[Q("term", in_bank=False)])
        if bank_query.scope == SCOPE_BANK:
            search = search.filter(in_bank)
        else:
            # The site search says how many of its results the bank holds.
            search.aggs.bucket("bank", A("filter", filter=in_bank))
        if selected:
            search = search.post_filter("bool", filter=_facet_filter(selected))
        # Without facets shown, only the ticked ones are counted: they name the filters to drop.
        counted = FACET_NAMES if bank_query.facets else [name for name in FACET_NAMES if name in selected]
        for name in counted:
            others = _facet_filter(selected, except_name=name)
            bucket = A("filter", filter=Q("bool", filter=others) if others else Q("match_all"))
            bucket.bucket("values", "terms", field=name, size=200)
            search.aggs.bucket(name, bucket)
        sort = bank_query.sort if query or bank_query.sort != "relevance" else "newest"
        search = search.sort({"newest": ["-date"], "downloads": ["-downloads", "-date"]}.get(sort, ["_score", "-date"]))
        per_page = bank_query.per_page
        page = max(1, bank_query.page)
        try:
            response = search[(page - 1) * per_page : page * per_page].execute()
        except ElasticsearchUnavailable as error:
            raise _unavailable(error) from error

        total = response.hits.total.value
        roots = search_text.query_roots(query)
        results = []
        for hit in response:
            results.append(
                {
                    "page_id": int(hit.meta.id),
                    "title": hit.title,
                    "url": hit.url,
                    "type": hit.type,
                    "type_label": hit.type_label,
                    "snippet": snippet(roots, hit.summary or "", hit.text or "", title=hit.title),
                    "date": hit.date.date() if hasattr(hit.date, "date") else hit.date,
                    "downloads": hit.downloads,
                }
            )
        counts, available = {}, {}
        for name in counted:
            aggregation = getattr(response.aggregations, name)
            counts[name] = {bucket.key: bucket.doc_count for bucket in aggregation.values.buckets}
            available[name] = aggregation.doc_count
        results_obj = BankResults(
            total=total,
            results=results,
            facets=facet_list(counts, selected, FacetLabel.mapping()) if bank_query.facets else {},
            page=page,
            per_page=per_page,
            relaxations=relaxations(available, selected) if not total else [],
            bank_total=total if bank_query.scope == SCOPE_BANK else response.aggregations.bank.doc_count,
            backend=self.name,
        )
        if not total and query:
            from .database import DatabaseBackend

            results_obj.suggestion = DatabaseBackend().suggestion(bank_query)
        return results_obj
