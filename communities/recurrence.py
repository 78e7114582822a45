"""Occurrences of a repeating event, in the event's own time zone (no Django here).

A weekly seminar at 15:00 stays at 15:00 local time on both sides of a daylight-saving change:
the rule is expanded in naive wall-clock time and each occurrence is then placed in the zone,
which is what people on the other side of the calendar expect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule

ONCE = "once"
WEEKLY = "weekly"
MONTHLY_BY_DATE = "monthly_date"
MONTHLY_BY_WEEKDAY = "monthly_weekday"

# No series runs longer than this, whatever the editor typed: bounds the rows and the feed.
MAX_OCCURRENCES = 200


@dataclass(frozen=True)
class Occurrence:
    day: date  # the local date the occurrence was planned for: its stable key
    start: datetime  # aware, in the event's zone
    end: datetime
    cancelled: bool


def expand(
    start: datetime,
    end: datetime,
    zone: str,
    repeat: str = ONCE,
    interval: int = 1,
    until: date | None = None,
    cancelled_days: frozenset[date] | set[date] = frozenset(),
) -> list[Occurrence]:
    """Every occurrence of an event that starts at ``start`` and ends at ``end`` (aware), repeated
    by ``repeat`` every ``interval`` weeks or months up to ``until`` (inclusive, a local date)."""
    tz = ZoneInfo(zone)
    local_start = start.astimezone(tz).replace(tzinfo=None)
    duration = end.astimezone(tz).replace(tzinfo=None) - local_start
    if repeat == ONCE or until is None or until < local_start.date():
        starts = [local_start]
    else:
        last = datetime.combine(until, local_start.time())
        starts = list(_rule(repeat, local_start, max(1, interval), last))
    return [
        Occurrence(
            day=moment.date(),
            start=_place(moment, tz),
            end=_place(moment + duration, tz),
            cancelled=moment.date() in cancelled_days,
        )
        for moment in starts[:MAX_OCCURRENCES]
    ]


def _rule(repeat: str, local_start: datetime, interval: int, last: datetime):
    if repeat == WEEKLY:
        return rrule.rrule(rrule.WEEKLY, dtstart=local_start, interval=interval, until=last)
    if repeat == MONTHLY_BY_DATE:
        # A month without that day (31st, 30 February) has no occurrence, as RFC 5545 says.
        return rrule.rrule(rrule.MONTHLY, dtstart=local_start, interval=interval, until=last)
    if repeat == MONTHLY_BY_WEEKDAY:
        # "The second Tuesday": the position of the first date's weekday in its month; the last
        # week of a month is counted from the end, so "last Friday" stays last.
        position = (local_start.day - 1) // 7 + 1
        if position == 5 or (local_start + timedelta(days=7)).month != local_start.month:
            position = -1
        weekday = rrule.weekday(local_start.weekday())(position)
        return rrule.rrule(rrule.MONTHLY, dtstart=local_start, interval=interval, until=last, byweekday=weekday)
    raise ValueError(f"unknown repeat rule {repeat!r}")


def _place(moment: datetime, tz: ZoneInfo) -> datetime:
    """Local wall time to an aware moment; a time skipped by a DST jump moves forward an hour."""
    aware = moment.replace(tzinfo=tz)
    round_trip = aware.astimezone(ZoneInfo("UTC")).astimezone(tz)
    if round_trip.replace(tzinfo=None) != moment:
        aware = (moment + timedelta(hours=1)).replace(tzinfo=tz)
    return aware
