"""iCalendar (RFC 5545) for the calendar's subscribers, an event's download and e-mails.

Each occurrence is a VEVENT of its own with a stable UID (``EventOccurrence.uid``), never an
RRULE: a series with a skipped date, one session moved or cancelled is then exactly what the
rows say, and every calendar application shows it the same way. A cancelled occurrence stays
in the feed with STATUS:CANCELLED and a higher SEQUENCE, so subscribed calendars take it off
instead of keeping a stale copy. Times carry the event's own TZID with a VTIMEZONE for every
zone used (the site's zone is always there too, so a calendar with nothing upcoming is still
valid: RFC 5545 asks for at least one component).

What a feed holds (``feed_occurrences``): the visible occurrences (live pages anyone may see,
``EventOccurrence.objects.visible()``) that have not ended, plus those that ended in the last
``FEED_PAST_DAYS`` days — so a subscriber sees what was cancelled or changed recently and last
week's seminar does not vanish the moment it ends, while the feed stays small. An event's
download holds all its visible occurrences. The online link is never written: LOCATION is the
place (or «Онлайн»), and participants get the link from their registration.
"""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.http import content_disposition_header
from django.utils.text import Truncator

from wagtail.models import Site

from . import display
from .models import EventOccurrence

FEED_PAST_DAYS = 30
# How often subscribed calendars should come back (RFC 7986 REFRESH-INTERVAL, and Microsoft's
# X-PUBLISHED-TTL which Outlook reads).
REFRESH_INTERVAL = timedelta(hours=6)
PRODID = "-//Региональный институт развития образования//Календарь мероприятий//RU"
CONTENT_TYPE = "text/calendar; charset=utf-8"
DESCRIPTION_LENGTH = 1500


def feed_occurrences(queryset=None, now=None):
    """Visible occurrences for a feed: not ended, or ended within ``FEED_PAST_DAYS`` days."""
    now = now or timezone.now()
    queryset = EventOccurrence.objects.all() if queryset is None else queryset
    return (
        queryset.visible()
        .filter(end__gte=now - timedelta(days=FEED_PAST_DAYS))
        .select_related("event", "event__community")
        .order_by("start", "pk")
    )


def _site(request, event=None):
    site = Site.find_for_request(request) if request is not None else None
    if site is None and event is not None:
        site = event.get_site()
    return site or Site.objects.filter(is_default_site=True).first()


def uid_domain(request, event=None) -> str:
    """The host part of UIDs: the site's configured hostname, not the request's Host header,
    so that a feed fetched through another name does not duplicate every event."""
    site = _site(request, event)
    return site.hostname if site is not None else "localhost"


def _plain(html: str) -> str:
    return " ".join(strip_tags(html or "").split())


def _description(occurrence, url: str) -> str:
    event = occurrence.event
    lines = [display.when_text(occurrence.start, occurrence.end, event.time_zone)]
    if occurrence.is_cancelled:
        lines.insert(0, "Мероприятие отменено." + (f" {event.status_note}" if event.status_note else ""))
    elif event.status == event.Status.MOVED:
        lines.insert(0, "Мероприятие перенесено." + (f" {event.status_note}" if event.status_note else ""))
    lines.append(f"{event.get_kind_display()}, {event.get_format_display().lower()}.")
    if event.format != event.Format.IN_PERSON:
        lines.append("Ссылку на трансляцию получают зарегистрированные участники.")
    if event.community_id and event.community.live:
        lines.append(f"Проводит: {event.community.title}.")
    text = _plain(event.summary) or _plain(event.description)
    if text:
        lines.append(Truncator(text).chars(DESCRIPTION_LENGTH))
    lines.append(f"Подробнее и регистрация: {url}")
    return "\n".join(lines)


def _location(event) -> str:
    if event.format == event.Format.ONLINE:
        return "Онлайн"
    if event.format == event.Format.MIXED:
        return f"{event.place} (также онлайн)" if event.place else "Онлайн"
    return event.place


def occurrence_event(occurrence, *, domain: str, request=None, now=None) -> Event:
    """The VEVENT of one occurrence."""
    event = occurrence.event
    zone = ZoneInfo(event.time_zone)
    url = event.get_full_url(request) or event.url_path
    modified = max(filter(None, [occurrence.updated_at, event.last_published_at])) if occurrence.updated_at else None
    vevent = Event()
    vevent.add("uid", occurrence.uid(domain))
    vevent.add("dtstamp", now or timezone.now())
    vevent.add("dtstart", occurrence.start.astimezone(zone))
    vevent.add("dtend", occurrence.end.astimezone(zone))
    summary = event.title
    if occurrence.is_cancelled:
        # Not every application shows STATUS:CANCELLED; the title says it to everybody.
        summary = f"Отменено: {summary}"
    vevent.add("summary", summary)
    vevent.add("description", _description(occurrence, url))
    location = _location(event)
    if location:
        vevent.add("location", location)
    vevent.add("url", url)
    vevent.add("categories", [event.get_kind_display()])
    vevent.add("status", "CANCELLED" if occurrence.is_cancelled else "CONFIRMED")
    vevent.add("sequence", occurrence.sequence)
    if modified is not None:
        vevent.add("last-modified", modified)
    vevent.add("transp", "OPAQUE")
    return vevent


def _timezones(zone_names, first: date, last: date):
    """VTIMEZONE components covering whole years around the events (compact and cacheable)."""
    first_date = date(first.year, 1, 1)
    last_date = date(last.year + 1, 12, 31)
    return [Timezone.from_tzid(name, first_date=first_date, last_date=last_date) for name in sorted(zone_names)]


def build_calendar(occurrences, *, name: str, description: str = "", request=None) -> bytes:
    """A VCALENDAR with one VEVENT per occurrence, as bytes (UTF-8, CRLF lines)."""
    now = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", display.site_zone_name())
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")  # RFC 5545 duration text, as Outlook expects

    occurrences = list(occurrences)
    domain = uid_domain(request, occurrences[0].event if occurrences else None)
    zones = {display.site_zone_name()}
    today = timezone.localdate()
    first = last = today
    for occurrence in occurrences:
        zones.add(occurrence.event.time_zone)
        first = min(first, occurrence.start.date())
        last = max(last, occurrence.end.date())
    for component in _timezones(zones, first, last):
        calendar.add_component(component)
    for occurrence in occurrences:
        calendar.add_component(occurrence_event(occurrence, domain=domain, request=request, now=now))
    return calendar.to_ical()


def event_calendar(event, request=None) -> bytes:
    """All visible occurrences of one event (its «Добавить в календарь» download)."""
    occurrences = (
        EventOccurrence.objects.visible()
        .filter(event=event)
        .select_related("event", "event__community")
        .order_by("start")
    )
    return build_calendar(occurrences, name=event.title, request=request)


def occurrence_calendar(occurrence, request=None) -> bytes:
    """A calendar of one occurrence, for the e-mail that confirms a registration.

    The caller decides whether the occurrence may be sent at all (it should be visible:
    ``EventOccurrence.objects.visible()``); this only writes it.
    """
    occurrence = EventOccurrence.objects.select_related("event", "event__community").get(pk=occurrence.pk)
    return build_calendar([occurrence], name=occurrence.event.title, request=request)


def ical_response(content: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    """An .ics response: downloaded as a file, or shown inline for calendar subscriptions."""
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
