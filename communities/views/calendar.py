"""The calendar page (/events/ in the demo): month grid, upcoming list, archive and feed.

These are the routes of ``EventIndexPage``. Everything starts from
``EventOccurrence.objects.visible()`` so that a draft or an event under a restricted page is
in no grid, list or feed. Dates are placed on the grid by the site's zone, the zone visitors
read every time in. Bad parameters (month=13, year 99999, unknown filters) are answered with a
Russian message and the nearest sensible page, never an error.
"""

import calendar as stdlib_calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from base.pagination import paginate

from .. import display, ical
from ..models import EventOccurrence
from .filters import filter_form_for, filter_occurrences

MIN_YEAR, MAX_YEAR = 2000, 2100
MONTH_PATTERN = re.compile(r"([0-9]{1,6})-([0-9]{1,6})")
NUMBER_PATTERN = re.compile(r"[0-9]{1,6}")
UPCOMING_PER_PAGE = 10
ARCHIVE_PER_PAGE = 15
BAD_MONTH = "Не удалось понять, какой месяц показать: укажите его в виде 2026-03. Показан текущий месяц."


def parse_month(params, today: date) -> tuple[tuple[int, int], str]:
    """(year, month) asked for by ``?month=2026-03`` (or ``?year=2026&month=3``), and a message
    when the request could not be honoured (then the current month is shown)."""
    raw_month = (params.get("month") or "").strip()[:20]
    raw_year = (params.get("year") or "").strip()[:20]
    current = (today.year, today.month)
    if not raw_month and not raw_year:
        return current, ""
    match = MONTH_PATTERN.fullmatch(raw_month)
    if match:
        year_text, month_text = match.groups()
    elif NUMBER_PATTERN.fullmatch(raw_month or "1") and NUMBER_PATTERN.fullmatch(raw_year or str(today.year)):
        year_text, month_text = raw_year or str(today.year), raw_month or "1"
    else:
        return current, BAD_MONTH
    year, month = int(year_text), int(month_text)
    if not 1 <= month <= 12:
        return current, f"Месяца с номером {month} нет: номер месяца — от 1 до 12. Показан текущий месяц."
    if not MIN_YEAR <= year <= MAX_YEAR:
        return current, f"Календарь охватывает {MIN_YEAR}–{MAX_YEAR} годы. Показан текущий месяц."
    return (year, month), ""


def month_value(year: int, month: int) -> str | None:
    """``2026-03`` for a month inside the calendar's range, None outside it."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return f"{year:04d}-{month:02d}"


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


@dataclass
class Day:
    day: date
    in_month: bool
    is_today: bool
    occurrences: list = field(default_factory=list)

    @property
    def label(self):
        return display.day_text(self.day, weekday=True)

    @property
    def weekday_name(self):
        return display.WEEKDAYS[self.day.weekday()]


def local_days(occurrence, zone: ZoneInfo):
    """The local dates an occurrence covers (an internship over three days is on three days)."""
    first = occurrence.start.astimezone(zone).date()
    last_moment = occurrence.end.astimezone(zone)
    last = last_moment.date()
    if last > first and last_moment.time() == time(0):
        last -= timedelta(days=1)  # ends at midnight: the next day has nothing of it
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def month_grid(year: int, month: int, occurrences, today: date, zone: ZoneInfo) -> list[list[Day]]:
    """Weeks (Monday first) × days of the month, each day with its occurrences in time order."""
    weeks = [
        [Day(day=day, in_month=day.month == month, is_today=day == today) for day in week]
        for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    by_day = {cell.day: cell for week in weeks for cell in week}
    for occurrence in occurrences:
        for day in local_days(occurrence, zone):
            if day in by_day:
                by_day[day].occurrences.append(occurrence)
    return weeks


def month_bounds(year: int, month: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The grid's first and last moments (whole weeks around the month), aware."""
    weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first = datetime.combine(weeks[0][0], time(0), tzinfo=zone)
    last = datetime.combine(weeks[-1][-1] + timedelta(days=1), time(0), tzinfo=zone)
    return first, last


def _listed(occurrences):
    return occurrences.select_related("event", "event__community").with_seats()


def _base_context(request, page, *, archive=False):
    form, chosen = filter_form_for(request, archive=archive)
    occurrences = filter_occurrences(EventOccurrence.objects.visible(), chosen)
    notices = []
    if form.ignored:
        notices.append(
            "Некоторые условия отбора не распознаны и не применены: " + ", ".join(form.ignored).lower() + "."
        )
    return form, chosen, occurrences, notices


def feed_links(request, page, chosen=None):
    """The feed's address for downloading (https) and for subscribing (webcal://)."""
    # The .ics address (communities.views.feeds), which calendar applications recognise.
    url = request.build_absolute_uri(page.url + "feed.ics")
    if chosen:
        url += "?" + request.GET.urlencode()
    return {"feed_url": url, "webcal_url": re.sub(r"^https?://", "webcal://", url)}


def calendar_view(request, page):
    """The month grid and the list of upcoming events, with filters."""
    zone = ZoneInfo(display.site_zone_name())
    today = timezone.localdate()
    (year, month), month_error = parse_month(request.GET, today)
    form, chosen, occurrences, notices = _base_context(request, page)
    if month_error:
        notices.insert(0, month_error)

    start, end = month_bounds(year, month, zone)
    in_grid = _listed(occurrences.filter(start__lt=end, end__gt=start)).order_by("start", "pk")
    weeks = month_grid(year, month, in_grid, today, zone)
    month_has_events = any(cell.occurrences for week in weeks for cell in week if cell.in_month)

    upcoming = _listed(occurrences.upcoming())
    context = {
        "filter_form": form,
        "filtered": bool(chosen),
        "notices": notices,
        "weeks": weeks,
        "weekdays": list(zip(display.WEEKDAYS_SHORT, display.WEEKDAYS, strict=True)),
        "month_title": display.month_title(year, month),
        "month_value": month_value(year, month),
        "previous_month": month_value(*shift_month(year, month, -1)),
        "next_month": month_value(*shift_month(year, month, 1)),
        "previous_title": display.month_title(*shift_month(year, month, -1)),
        "next_title": display.month_title(*shift_month(year, month, 1)),
        "is_current_month": (year, month) == (today.year, today.month),
        "current_month": month_value(today.year, today.month),
        "month_has_events": month_has_events,
        "upcoming": paginate(request, upcoming, UPCOMING_PER_PAGE),
        "zone_label": display.zone_label(display.site_zone_name(), timezone.now()),
        "archive_url": page.url + page.reverse_subpage("archive"),
        **feed_links(request, page, chosen),
    }
    return page.render(request, template="communities/event_index_page.html", context_overrides=context)


def archive_view(request, page):
    """Past events (not cancelled), newest first, with their materials and recordings."""
    form, chosen, occurrences, notices = _base_context(request, page, archive=True)
    past = (
        occurrences.past()
        .filter(cancelled=False)
        .exclude(event__status="cancelled")
        .select_related("event", "event__community")
        .prefetch_related("event__materials__document")
    )
    context = {
        "filter_form": form,
        "filtered": bool(chosen),
        "notices": notices,
        "past": paginate(request, past, ARCHIVE_PER_PAGE),
        "zone_label": display.zone_label(display.site_zone_name(), timezone.now()),
        "calendar_url": page.url,
    }
    return page.render(request, template="communities/event_archive_page.html", context_overrides=context)


def feed_view(request, page):
    """/events/feed.ics: every visible event (or the filtered selection) for subscriptions."""
    form, chosen = filter_form_for(request)
    occurrences = filter_occurrences(ical.feed_occurrences(), chosen)
    name = page.title
    if chosen:
        name += ": " + ", ".join(dict(form.fields[key].choices).get(value, value) for key, value in chosen.items())
    content = ical.build_calendar(
        occurrences, name=name, description=page.summary or "Календарь мероприятий", request=request
    )
    return ical.ical_response(content, "events.ics")
