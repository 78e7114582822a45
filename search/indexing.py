"""Keeping the search index in step with the page tree.

Every live page without a view restriction on itself or an ancestor is indexed; any other
page's entry is removed; what an entry holds is built by search/documents.py.

A change reaches the indexes in two steps.

1. In the editor's request and transaction, the database index (the index of record) takes the
   page's new state, with the text of its attachments as far as it was read before. So on the
   database a published page is found, and an unpublished or restricted one is gone, the moment
   the change commits: the queue may be busy for minutes (a recompute of the indices) and the
   bank must not show a withdrawn page meanwhile. Withdrawals are made on the mirrors
   (Elasticsearch) at once for the same reason. What is left to do (a published page's
   attachments and mirrors, a withdrawal a mirror failed) is recorded in PendingIndexUpdate in
   the same transaction, and `update_page_index` enqueued.
2. On the background queue (base/queue.py) `update_page_index` reads new attachments (slow:
   PDF, DOCX), writes the page's entry again with their text, and writes its current state into
   every mirror. A mirror that fails leaves the record with the error and the time of the next
   attempt, the task is enqueued again for that time (where the queue can defer), and
   `sync_search_index` (scheduled) retries whatever is due. The task always writes the page's
   state *now*, so however late or often it runs, an outage leaves nothing stale once it ends.
"""

import logging
from datetime import timedelta

from django_tasks import task, task_backends

from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

from base.queue import BACKGROUND

from .contract import database_backend, mirror_backends
from .documents import build_document
from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)

# The queue normally finishes a page within seconds; the schedule steps in only after this.
QUEUE_GRACE = timedelta(minutes=10)
# Retries back off from 2 minutes to an hour and never give up: an index must end up true.
MAX_RETRY_DELAY = timedelta(hours=1)


def is_public(page):
    return page.live and not page.get_view_restrictions().exists()


def is_indexed(page):
    """Every page but the tree's root, which no visitor can open."""
    return page.depth > 1


def index_page(page):
    """Bring one page's database entry in step with its current state; the rest follows on the queue."""
    page = page.specific
    if not is_indexed(page):
        return
    if not is_public(page):
        remove_page(page.pk)
        return
    database_backend().index_documents([build_document(page, extract=False)])
    request_update(page.pk)


def remove_page(page_id):
    """Remove a page from every index now; only what a mirror failed to do is left to the queue."""
    database_backend().delete_document(page_id)
    failed = False
    for mirror in mirror_backends():
        try:
            mirror.delete_document(page_id)
        except Exception:
            logger.warning("Search mirror %s could not drop page %s; the queue retries", mirror.name, page_id)
            failed = True
    if failed:
        request_update(page_id)


def forget_entry(page_id):
    """Drop a page's database entry while the page still exists (before a delete cascades to it),
    so the bank's stored facet counts lose what it held."""
    database_backend().delete_document(page_id)


def reindex_subtree(page):
    """Re-check a page and its descendants (after a move or a privacy change)."""
    for descendant in Page.objects.descendant_of(page, inclusive=True).specific():
        index_page(descendant)


def request_update(page_id):
    """Record that the page's attachments and mirrors are still to follow, and ask the queue for it."""
    now = timezone.now()
    PendingIndexUpdate.objects.update_or_create(
        page_id=page_id,
        defaults={"requested_at": now, "next_attempt_at": now + QUEUE_GRACE, "attempts": 0, "last_error": ""},
    )
    # Enqueued inside the caller's transaction: the database queue stores the task with the change,
    # so the worker sees both or neither.
    update_page_index.enqueue(page_id)


@task(backend=BACKGROUND)
def update_page_index(page_id: int) -> str:
    """Queue entry point: one attempt to bring every index in step with one page."""
    return bring_in_step(page_id)


def bring_in_step(page_id):
    """Write the page's current state (attachments read) into the database index and every mirror.

    Returns "done"; a mirror's failure is recorded on the page's PendingIndexUpdate, a retry is
    scheduled and the error raised again, so the queue keeps the attempt as failed.
    """
    pending = PendingIndexUpdate.objects.filter(page_id=page_id).first()
    if pending is None:
        return "done"  # an earlier attempt finished it
    page = Page.objects.filter(pk=page_id).first()
    page = page.specific if page is not None else None
    document = None
    # A savepoint where the task runs inside a request (the tests' immediate queue).
    with transaction.atomic():
        if page is not None and is_indexed(page) and is_public(page):
            document = build_document(page)
            database_backend().index_documents([document])
        else:
            database_backend().delete_document(page_id)
    try:
        for mirror in mirror_backends():
            if document is not None:
                mirror.index_documents([document])
            else:
                mirror.delete_document(page_id)
    except Exception as error:
        _retry_later(pending, error)
        raise
    # A change made meanwhile has its own, later request: that one stays.
    PendingIndexUpdate.objects.filter(page_id=page_id, requested_at=pending.requested_at).delete()
    return "done"


def _retry_later(pending, error):
    attempts = pending.attempts + 1
    next_attempt_at = timezone.now() + min(timedelta(minutes=2**attempts), MAX_RETRY_DELAY)
    last_error = f"{type(error).__name__}: {error}"[:2000]
    PendingIndexUpdate.objects.filter(page_id=pending.page_id, requested_at=pending.requested_at).update(
        attempts=attempts, next_attempt_at=next_attempt_at, last_error=last_error
    )
    logger.warning(
        "Search index of page %s not brought in step (%s), retry at %s", pending.page_id, last_error, next_attempt_at
    )
    if task_backends[BACKGROUND].supports_defer:
        # The worker comes back to it by itself; `sync_search_index` is the safety net.
        update_page_index.using(run_after=next_attempt_at).enqueue(pending.page_id)


def retry_due(now=None):
    """Bring in step every page whose update is due (failed before, or never reached by the queue).

    Returns {"done": n, "failed": n}.
    """
    now = now or timezone.now()
    counts = {"done": 0, "failed": 0}
    due = PendingIndexUpdate.objects.filter(next_attempt_at__lte=now).order_by("next_attempt_at")
    for page_id in due.values_list("page_id", flat=True):
        try:
            bring_in_step(page_id)
        except Exception:
            counts["failed"] += 1
        else:
            counts["done"] += 1
    return counts


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


def forget_pending(before):
    """A full rebuild brought every index in step: updates requested before it are done."""
    PendingIndexUpdate.objects.filter(requested_at__lte=before).delete()
