"""What the event page shows besides its fields: its occurrences, the next one, the .ics link.

The page never receives the online link in its context: participants get it from the
registration pages and e-mails (communities.views.registration), and a template that never
has the value cannot leak it.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from .. import display
from ..models import CommunityPage, EventOccurrence

# A long weekly series shows this many of its coming dates; the rest are counted.
UPCOMING_SHOWN = 12


@dataclass
class PlannedOccurrence:
    """An occurrence of a draft being previewed: like a row, but without a pk (no registration)."""

    day: date
    start: datetime
    end: datetime
    cancelled: bool
    event: object
    pk = None
    anchor = ""
    is_full = False
    skip_reason = ""

    @property
    def is_cancelled(self):
        return self.cancelled or self.event.is_cancelled

    @property
    def has_ended(self):
        return self.end < timezone.now()

    def when(self):
        return display.when_text(self.start, self.end, self.event.time_zone)


def _occurrences(request, event):
    if getattr(request, "is_preview", False):
        # A preview shows what the draft plans; rows follow only once it is published.
        return [
            PlannedOccurrence(day=plan.day, start=plan.start, end=plan.end, cancelled=plan.cancelled, event=event)
            for plan in event.planned_occurrences()
        ]
    rows = EventOccurrence.objects.filter(event=event).with_seats().order_by("start", "pk")
    occurrences = list(rows)
    reasons = {skipped.day: skipped.reason for skipped in event.skipped_dates.all()}
    for occurrence in occurrences:
        occurrence.event = event  # the page being served, not a second copy from the database
        occurrence.skip_reason = reasons.get(occurrence.day, "")
    return occurrences


SCHEMA_STATUS = {"scheduled": "EventScheduled", "moved": "EventRescheduled", "cancelled": "EventCancelled"}
SCHEMA_MODE = {"in_person": "OfflineEventAttendanceMode", "online": "OnlineEventAttendanceMode"}


def json_ld(request, event, occurrence):
    """schema.org/Event for search engines (Яндекс, Google read it): the next occurrence, the
    place or the page itself as the virtual location — never the broadcast link."""
    if occurrence is None:
        return ""
    url = event.get_full_url(request)
    locations = []
    if event.format != event.Format.ONLINE and event.place:
        locations.append({"@type": "Place", "name": event.place, "address": event.place})
    if event.format != event.Format.IN_PERSON:
        locations.append({"@type": "VirtualLocation", "url": url})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": occurrence.start.isoformat(),
        "endDate": occurrence.end.isoformat(),
        "eventStatus": "https://schema.org/"
        + ("EventCancelled" if occurrence.is_cancelled else SCHEMA_STATUS.get(event.status, "EventScheduled")),
        "eventAttendanceMode": "https://schema.org/" + SCHEMA_MODE.get(event.format, "MixedEventAttendanceMode"),
        "location": locations[0] if len(locations) == 1 else locations,
        "description": event.summary or strip_tags(event.description)[:500],
        "url": url,
        "isAccessibleForFree": True,
    }
    payload = (
        json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 (escaped above)


def event_context(request, event) -> dict:
    now = timezone.now()
    occurrences = _occurrences(request, event)
    upcoming = [occurrence for occurrence in occurrences if occurrence.end >= now]
    past = [occurrence for occurrence in occurrences if occurrence.end < now]
    next_occurrence = next((o for o in upcoming if not o.is_cancelled), None)
    headline = next_occurrence or (upcoming[0] if upcoming else (past[-1] if past else None))
    is_series = event.repeat != event.Repeat.ONCE and len(occurrences) > 1
    open_for_registration = [
        occurrence
        for occurrence in upcoming
        if occurrence.pk and not occurrence.is_cancelled and event.registration_required
    ]
    first = occurrences[0] if occurrences else None
    return {
        "occurrences": occurrences,
        "upcoming_occurrences": upcoming[:UPCOMING_SHOWN],
        "more_upcoming": max(0, len(upcoming) - UPCOMING_SHOWN),
        "past_occurrences": past,
        "next_occurrence": next_occurrence,
        "headline_occurrence": headline,
        "is_series": is_series,
        "series_text": (
            display.series_text(
                event.repeat,
                event.repeat_interval,
                timezone.localtime(first.start, event.zone).date(),
                event.repeat_until,
            )
            if is_series and first
            else ""
        ),
        "has_ended": bool(occurrences) and not upcoming,
        "registration_occurrences": open_for_registration,
        "ical_url": event.url + event.reverse_subpage("ical") if event.url else "",
        "event_municipality": event.event_municipality(),
        "zone_differs": bool(headline) and display.differs_from_site(event.time_zone, headline.start),
        "site_zone_label": display.zone_label(display.site_zone_name(), headline.start if headline else now),
        "calendar_page": event.get_parent().specific,
        "json_ld": json_ld(request, event, headline),
        # A community still in draft or behind a password is not linked (nor named).
        "community": (
            CommunityPage.objects.live().public().filter(pk=event.community_id).first() if event.community_id else None
        ),
    }
