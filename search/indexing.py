"""Keeping the bank's search index in step with the page tree.

A page belongs to the bank when its class implements `bank_document()` (see practices/). It is
indexed only while it is live and has no view restriction on itself or an ancestor; otherwise
its entry is removed. The database index is always kept; Elasticsearch too when configured.
The text of an attached file is indexed only when a visitor could download it (see
`is_public_document`), so a search never quotes a file the visitor would be refused.
"""

import html
import logging
import re

from django.utils import timezone

from wagtail.models import Page, get_page_models

from .contract import FACET_NAMES, database_backend, mirror_backends
from .extraction import extract_text

logger = logging.getLogger(__name__)

SPACES = re.compile(r"\s+")


def bank_page_models():
    return [model for model in get_page_models() if callable(getattr(model, "bank_document", None))]


def is_bank_page(page):
    return callable(getattr(page.specific_class or type(page), "bank_document", None))


def is_public(page):
    return page.live and not page.get_view_restrictions().exists()


def is_public_document(document):
    """An attachment of a live public page is downloadable by anyone unless its collection is private.

    The file's page is checked by `is_public` before its document is built; Wagtail's document
    privacy is a view restriction on the collection or one of its ancestors.
    """
    return not document.collection.get_view_restrictions().exists()


def facet_value(value):
    return SPACES.sub("_", str(value).strip())


def build_document(page):
    """The page's bank document with attachments' text merged in and facets normalised."""
    document = page.bank_document()
    attachments_text = " ".join(
        extract_text(attachment)
        for attachment in document.get("attachments") or []
        if attachment is not None and is_public_document(attachment)
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


def index_page(page):
    """Add, update or remove one page's entry according to its current state."""
    page = page.specific
    if not is_bank_page(page):
        return
    if not is_public(page):
        remove_page(page.pk)
        return
    document = build_document(page)
    database_backend().index_documents([document])
    for mirror in mirror_backends():
        _safely(mirror.index_documents, [document])


def remove_page(page_id):
    database_backend().delete_document(page_id)
    for mirror in mirror_backends():
        _safely(mirror.delete_document, page_id)


def reindex_subtree(page):
    """Re-check a page and its descendants (after a move or a privacy change)."""
    models = bank_page_models()
    if not models:
        return
    for descendant in Page.objects.descendant_of(page, inclusive=True).type(*models).specific():
        index_page(descendant)


def rebuild():
    """Index every live, public bank page in the database from scratch; returns the number of entries.

    Mirrors (Elasticsearch) are rebuilt separately, by `rebuild_mirrors`, from this database index.
    """
    models = bank_page_models()
    pages = Page.objects.type(*models).live().specific() if models else Page.objects.none()
    return database_backend().rebuild(build_document(page) for page in pages if is_public(page))


def rebuild_mirrors():
    """Copy the database index into every mirror; a mirror that is down raises BackendUnavailable."""
    for mirror in mirror_backends():
        mirror.rebuild(database_backend().documents())


def _safely(function, *args):
    """A mirror being down must not stop an editor from publishing; the rebuild command catches up."""
    try:
        function(*args)
    except Exception:
        logger.warning("Search index mirror update failed", exc_info=True)
