"""Index upkeep: every change to a page's visibility reaches the bank's index.

The handlers update the database index at once and leave the rest to the background queue
(search/indexing.py explains the split).
"""

import logging
from functools import wraps

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import indexing

logger = logging.getLogger(__name__)


def never_blocks_publishing(handler):
    """An indexing failure is logged and rolled back alone; the editor's action goes through.

    `rebuild_bank_index` repairs whatever was missed.
    """

    @wraps(handler)
    def wrapper(*args, **kwargs):
        try:
            with transaction.atomic():
                handler(*args, **kwargs)
        except Exception:
            logger.exception("Bank index update failed in %s", handler.__name__)

    return wrapper


@never_blocks_publishing
def on_page_published(sender, instance, **kwargs):
    indexing.index_page(instance)


@never_blocks_publishing
def on_page_unpublished(sender, instance, **kwargs):
    # Whatever the database says yet: Wagtail unpublishes a page it is about to delete without
    # saving it, and the page it sends is read afresh, still live.
    indexing.remove_page(instance.pk)


@never_blocks_publishing
def page_deleting(sender, instance, **kwargs):
    # Before the delete cascades to the entry: removing it here keeps the bank's facet counts.
    if instance.pk is not None:
        indexing.forget_entry(instance.pk)


@never_blocks_publishing
def page_deleted(sender, instance, **kwargs):
    # The page is gone: it leaves the mirrors too (a mirror that fails is retried by the queue).
    if instance.pk is not None:
        indexing.remove_page(instance.pk)


@never_blocks_publishing
def page_moved(sender, instance, **kwargs):
    # URLs change and restrictions inherited from the new ancestors may apply.
    indexing.reindex_subtree(instance)


@never_blocks_publishing
def restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        indexing.reindex_subtree(page)


def connect():
    page_published.connect(on_page_published, dispatch_uid="search_page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="search_page_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="search_page_moved")
    # Sender Page (not every model): deleting a page of any type deletes its Page row too, and
    # a receiver for all senders would disable Django's fast deletes project-wide.
    pre_delete.connect(page_deleting, sender=Page, dispatch_uid="search_page_deleting")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="search_page_deleted")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="search_restriction_saved")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="search_restriction_deleted")
