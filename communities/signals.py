"""Occurrence rows follow the live page: made on publishing, cancelled with the page's status."""

from wagtail.signals import page_published


def _occurrences_follow_publishing(sender, instance, **kwargs):
    from communities.models.occurrences import sync_occurrences

    sync_occurrences(instance)


def _registrations_follow_publishing(sender, instance, **kwargs):
    # Runs after the occurrences' sync (connected after it): the rows carry the new times and
    # sequences, which is what tells who must hear of a move or a cancellation.
    from communities.registration import event_published

    event_published(instance)


def connect():
    from communities.models import EventPage

    page_published.connect(_occurrences_follow_publishing, sender=EventPage, dispatch_uid="event_occurrences")
    page_published.connect(
        _registrations_follow_publishing, sender=EventPage, dispatch_uid="event_registration_notices"
    )
