"""Keeping the bank's search index in step with the page tree.

A page belongs to the bank when its class implements `bank_document()` (see practices/). It is
indexed only while it is live and has no view restriction on itself or an ancestor; otherwise
its entry is removed. The database index is always kept; Elasticsearch too when configured.
"""

import html
import logging
import re
from collections import Counter

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Value
from django.utils import timezone

from wagtail.models import Page, get_page_models

from . import text as search_text
from .extraction import extract_text
from .models import BankEntry, BankTerm, BankWord, FacetLabel

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
# PostgreSQL limits a tsvector to 1 MB; this much text is plenty to rank a page by.
MAX_VECTOR_TEXT = 200_000
# A word in the title counts as much as this many in the text (SQLite ranking).
TITLE_WEIGHT = 5
SPACES = re.compile(r"\s+")


def bank_page_models():
    return [model for model in get_page_models() if callable(getattr(model, "bank_document", None))]


def is_bank_page(page):
    return callable(getattr(page.specific_class or type(page), "bank_document", None))


def is_public(page):
    return page.live and not page.get_view_restrictions().exists()


def facet_value(value):
    return SPACES.sub("_", str(value).strip())


def build_document(page):
    """The page's bank document with attachments' text merged in and facets normalised."""
    document = page.bank_document()
    attachments_text = " ".join(
        extract_text(attachment) for attachment in document.get("attachments") or [] if attachment is not None
    )
    facets = {}
    for name in FACET_NAMES:
        pairs = document.get("facets", {}).get(name) or []
        facets[name] = [(facet_value(value), str(label)) for value, label in pairs if str(value).strip()]
    if not facets["type"]:
        facets["type"] = [(document["type"], document["type_label"])]
    date = document.get("date") or (page.first_published_at or timezone.now()).date()
    return {
        "page_id": page.pk,
        "title": document["title"],
        "url": page.get_url() or page.url_path,
        "type": document["type"],
        "type_label": document["type_label"],
        "summary": html.unescape(document.get("summary") or ""),
        # Text from rich text fields may still carry entities (&lt;, &nbsp;); snippets escape it again.
        "text": " ".join(html.unescape(" ".join([document.get("text") or "", attachments_text])).split()),
        "facets": facets,
        "date": date,
        "downloads": int(document.get("downloads") or 0),
    }


def index_page(page, *, to_elasticsearch=True):
    """Add, update or remove one page's entry according to its current state."""
    page = page.specific
    if not is_bank_page(page):
        return
    if not is_public(page):
        remove_page(page.pk, from_elasticsearch=to_elasticsearch)
        return
    document = build_document(page)
    body = " ".join([document["summary"], document["text"]])
    facet_keys = " " + " ".join(f"{name}={value}" for name, pairs in document["facets"].items() for value, _ in pairs)
    with transaction.atomic():
        BankEntry.objects.update_or_create(
            page_id=page.pk,
            defaults={
                "title": document["title"],
                "url": document["url"],
                "type": document["type"],
                "type_label": document["type_label"],
                "summary": document["summary"],
                "text": document["text"],
                "title_roots": search_text.indexed_roots(document["title"]),
                "roots": search_text.indexed_roots(document["title"] + " " + body),
                "title_words": " " + " ".join(search_text.words(document["title"])) + " ",
                "facet_keys": facet_keys + " ",
                "date": document["date"],
                "downloads": document["downloads"],
            },
        )
        for name, pairs in document["facets"].items():
            for value, label in pairs:
                FacetLabel.objects.update_or_create(name=name, value=value, defaults={"label": label})
        vocabulary = {word for word in search_text.words(document["title"] + " " + body) if 3 <= len(word) <= 100}
        BankWord.objects.bulk_create([BankWord(word=word) for word in vocabulary], ignore_conflicts=True)
        if connection.vendor == "postgresql":
            update_search_vectors(BankEntry.objects.filter(pk=page.pk), document["title"], body)
        else:
            BankTerm.objects.filter(entry_id=page.pk).delete()
            BankTerm.objects.bulk_create(term_rows(page.pk, document["title"], body))
    if to_elasticsearch and elasticsearch_configured():
        from .backends.elastic import index_documents

        _safely(index_documents, [document])


def term_rows(entry_id, title, body):
    """Posting rows of one entry: a root's weight is its count, with title occurrences counted TITLE_WEIGHT times."""
    counts = Counter(search_text.roots(title + " " + body))
    for title_root in search_text.roots(title):
        counts[title_root] += TITLE_WEIGHT - 1
    return [BankTerm(entry_id=entry_id, root=root[:100], weight=weight) for root, weight in counts.items()]


def update_search_vectors(queryset, title, body):
    """PostgreSQL: the 'russian' configuration plus the project's roots (weights: title A, text B)."""
    title_norm = search_text.normalise(title)
    body_norm = search_text.normalise(body)[:MAX_VECTOR_TEXT]
    queryset.update(
        search_vector=SearchVector(Value(title_norm), config="russian", weight="A")
        + SearchVector(Value(" ".join(search_text.roots(title_norm))), config="simple", weight="A")
        + SearchVector(Value(body_norm), config="russian", weight="B")
        + SearchVector(Value(" ".join(search_text.roots(body_norm))), config="simple", weight="B")
    )


def remove_page(page_id, *, from_elasticsearch=True):
    BankEntry.objects.filter(page_id=page_id).delete()
    if from_elasticsearch and elasticsearch_configured():
        from .backends.elastic import delete_document

        _safely(delete_document, page_id)


def reindex_subtree(page):
    """Re-check a page and its descendants (after a move or a privacy change)."""
    models = bank_page_models()
    if not models:
        return
    for descendant in Page.objects.descendant_of(page, inclusive=True).type(*models).specific():
        index_page(descendant)


def rebuild():
    """Index every bank page in the database from scratch; returns the number of entries.

    Elasticsearch is rebuilt separately (`rebuild_elasticsearch`), from this database index.
    """
    models = bank_page_models()
    with transaction.atomic():
        BankTerm.objects.all().delete()
        BankEntry.objects.all().delete()
        BankWord.objects.all().delete()
        FacetLabel.objects.all().delete()
        pages = Page.objects.type(*models).live().specific() if models else Page.objects.none()
        for page in pages:
            index_page(page, to_elasticsearch=False)
    return BankEntry.objects.count()


def rebuild_elasticsearch():
    from .backends.elastic import rebuild_index

    rebuild_index()


def elasticsearch_configured():
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def _safely(function, *args):
    """Elasticsearch being down must not stop an editor from publishing; the rebuild command catches up."""
    try:
        function(*args)
    except Exception:
        logger.warning("Elasticsearch index update failed", exc_info=True)
