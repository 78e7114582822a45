"""Attendance of events and the professional-development hours it earns: the figures programme
monitoring reads.

The regional orders ask that every teacher of a programme school take part in professional
communities and that every programme school get an event of at least four hours; monitoring
measures that from what methodists mark after each occurrence. This module is the narrow query
function it consumes (analytics sits above communities and imports this; nothing here imports
analytics).

What counts:

- an *attendance* is a registration marked ``attended=True`` on an occurrence that took place
  (neither the occurrence nor its event cancelled);
- *hours* are the event's ``hours`` per attended occurrence: the credit of one session, so a
  weekly series earns it once for every session the person came to;
- a *participant* is an e-mail address, compared without regard to letter case: people register
  without accounts, and the address is the nearest thing to a person the portal has;
- the *year* is the calendar year of the occurrence's start in the site's zone
  (``settings.TIME_ZONE``), as the programme's reports count years;
- attendances are credited to the registry school the person chose; people who typed an
  organisation not in the registry are reported apart (``organisation_attendance``), so staff
  can see what is missing from the registry instead of losing those hours silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear, Lower

from .models import EventPage, Registration


@dataclass(frozen=True)
class SchoolAttendance:
    school_id: int
    year: int
    participants: int  # different people (e-mail addresses) who came
    attendances: int  # person-occurrences attended
    events: int  # different events attended
    hours: Decimal  # sum of the events' hours over the attendances


@dataclass(frozen=True)
class OrganisationAttendance:
    organisation: str
    year: int
    participants: int
    attendances: int
    hours: Decimal


def attended():
    """Registrations marked present at an occurrence that took place, with the year of the
    occurrence in the site's zone as ``year``."""
    return (
        Registration.objects.filter(attended=True, occurrence__cancelled=False)
        .exclude(occurrence__event__status=EventPage.Status.CANCELLED)
        .annotate(year=ExtractYear("occurrence__start", tzinfo=ZoneInfo(settings.TIME_ZONE)))
    )


def _totals():
    return {
        "participants": Count(Lower("email"), distinct=True),
        "attendances": Count("pk"),
        "hours": Sum("occurrence__event__hours"),
    }


def school_attendance(year: int | None = None, schools=None) -> list[SchoolAttendance]:
    """Attendance and hours per registry school and year, ordered by school and year.

    ``year`` narrows to one year; ``schools`` (School rows, ids or a queryset) to those schools,
    e.g. the programme's schools of the year. Schools nobody from came to an event are absent:
    monitoring reads an absent school as zero.
    """
    rows = attended().filter(school__isnull=False)
    if year is not None:
        rows = rows.filter(year=year)
    if schools is not None:
        rows = rows.filter(school__in=schools)
    rows = (
        rows.values("school", "year")
        .annotate(events=Count("occurrence__event", distinct=True), **_totals())
        .order_by("school", "year")
    )
    return [
        SchoolAttendance(
            school_id=row["school"],
            year=row["year"],
            participants=row["participants"],
            attendances=row["attendances"],
            events=row["events"],
            hours=row["hours"] or Decimal(0),
        )
        for row in rows
    ]


def organisation_attendance(year: int | None = None) -> list[OrganisationAttendance]:
    """Attendance of people whose organisation is not in the registry, by the name they typed."""
    rows = attended().filter(school__isnull=True)
    if year is not None:
        rows = rows.filter(year=year)
    rows = rows.values("organisation", "year").annotate(**_totals()).order_by("organisation", "year")
    return [
        OrganisationAttendance(
            organisation=row["organisation"],
            year=row["year"],
            participants=row["participants"],
            attendances=row["attendances"],
            hours=row["hours"] or Decimal(0),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class OccurrenceFigures:
    confirmed: int
    waiting: int
    cancelled: int
    attended: int
    absent: int
    unmarked: int


def occurrence_figures(occurrence) -> OccurrenceFigures:
    """Counts for the staff's table of an event: seats, queue, cancellations and attendance
    (attendance among confirmed participants: they are the ones expected)."""
    confirmed = Q(status=Registration.Status.CONFIRMED)
    # Aliases of their own: an aggregate may not share a name with a field (``attended``).
    counts = Registration.objects.filter(occurrence=occurrence).aggregate(
        n_confirmed=Count("pk", filter=confirmed),
        n_waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
        n_cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
        n_attended=Count("pk", filter=confirmed & Q(attended=True)),
        n_absent=Count("pk", filter=confirmed & Q(attended=False)),
        n_unmarked=Count("pk", filter=confirmed & Q(attended__isnull=True)),
    )
    return OccurrenceFigures(**{name.removeprefix("n_"): value for name, value in counts.items()})
