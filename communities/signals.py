"""Occurrence rows follow the live page: made on publishing, cancelled with the page's status."""

from wagtail.signals import page_published


def _occurrences_follow_publishing(sender, instance, **kwargs):
    from communities.models.occurrences import sync_occurrences

    sync_occurrences(instance)


def connect():
    from communities.models import EventPage

    page_published.connect(_occurrences_follow_publishing, sender=EventPage, dispatch_uid="event_occurrences")
