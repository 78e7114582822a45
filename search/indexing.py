"""Keeping the search index in step with the page tree.

Every live page without a view restriction on itself or an ancestor is indexed; any other
page's entry is removed; what an entry holds is built by search/documents.py. The database
index is always kept; Elasticsearch too when configured.
"""

import logging

from wagtail.models import Page

from .contract import database_backend, mirror_backends
from .documents import build_document

logger = logging.getLogger(__name__)


def is_public(page):
    return page.live and not page.get_view_restrictions().exists()


def is_indexed(page):
    """Every page but the tree's root, which no visitor can open."""
    return page.depth > 1


def index_page(page):
    """Add, update or remove one page's entry according to its current state."""
    page = page.specific
    if not is_indexed(page):
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


def forget_entry(page_id):
    """Drop a page's database entry while the page still exists (before a delete cascades to it),
    so the bank's stored facet counts lose what it held."""
    database_backend().delete_document(page_id)


def reindex_subtree(page):
    """Re-check a page and its descendants (after a move or a privacy change)."""
    for descendant in Page.objects.descendant_of(page, inclusive=True).specific():
        index_page(descendant)


def rebuild():
    """Index every live, public page in the database from scratch; returns the number of entries.

    Mirrors (Elasticsearch) are rebuilt separately, by `rebuild_mirrors`, from this database index.
    """
    pages = Page.objects.live().public().filter(depth__gt=1).specific()
    return database_backend().rebuild(build_document(page) for page in pages)


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
