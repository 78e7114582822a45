"""Narrow questions programme monitoring asks of the communities app (analytics calls these).

The regional orders measure: at least four experience-exchange events a year, an event of at
least four hours at every programme school, and every teacher of a programme school taking
part in a professional community. These functions count what the calendar and the membership
records hold; judging the figures against the targets is monitoring's job.

What counts as an event held: an occurrence of a live event page (a private, staff-only
event was held too; a draft was not), not cancelled, that has ended before ``now``. Its year
is the year of its start in the site's zone. An event counts for the host school given on its
page and for the municipality given on it (or, when none is given, the host school's).
"""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import CommunityMember, EventOccurrence, EventPage, SchoolMembership

FOUR_HOURS = Decimal(4)


def held_occurrences(year: int | None = None, now: datetime | None = None) -> QuerySet:
    """Occurrences that took place: live events, not cancelled, ended before ``now``."""
    now = now or timezone.now()
    occurrences = (
        EventOccurrence.objects.filter(event__in=EventPage.objects.live().values("pk"), end__lt=now, cancelled=False)
        .exclude(event__status=EventPage.Status.CANCELLED)
        .select_related("event", "event__host_school", "event__municipality", "event__host_school__municipality")
    )
    if year is not None:
        zone = timezone.get_default_timezone()
        occurrences = occurrences.filter(
            start__gte=datetime(year, 1, 1, tzinfo=zone), start__lt=datetime(year + 1, 1, 1, tzinfo=zone)
        )
    return occurrences.annotate(
        attended_count=Count("registrations", filter=Q(registrations__attended=True), distinct=True)
    ).order_by("start", "pk")


def _empty_totals():
    return {
        "events": 0,
        "hours": Decimal(0),
        "experience_exchange": 0,
        "four_hour_events": 0,
        "attended": 0,
    }


def _add(totals, occurrence):
    event = occurrence.event
    totals["events"] += 1
    totals["hours"] += event.hours or Decimal(0)
    totals["experience_exchange"] += int(event.counts_as_experience_exchange)
    totals["four_hour_events"] += int((event.hours or 0) >= FOUR_HOURS)
    totals["attended"] += occurrence.attended_count


def events_held(year: int | None = None, now: datetime | None = None) -> dict:
    """Events held, per host school and per municipality, each per year.

    Returns ``{"schools": {(school_id, year): totals}, "municipalities": {(municipality_id,
    year): totals}, "region": {year: totals}}`` where ``totals`` is ``{"events", "hours" (sum of
    the events' hours, Decimal), "experience_exchange" (events marked as experience exchange),
    "four_hour_events" (events of four hours or more), "attended" (registrations marked as
    attended)}``. An occurrence of a series counts as one event, as it is one meeting.
    """
    zone = timezone.get_default_timezone()
    schools, municipalities, region = (defaultdict(_empty_totals) for _ in range(3))
    for occurrence in held_occurrences(year, now):
        event = occurrence.event
        occurrence_year = occurrence.start.astimezone(zone).year
        _add(region[occurrence_year], occurrence)
        if event.host_school_id:
            _add(schools[(event.host_school_id, occurrence_year)], occurrence)
        municipality_id = event.municipality_id or (event.host_school.municipality_id if event.host_school_id else None)
        if municipality_id:
            _add(municipalities[(municipality_id, occurrence_year)], occurrence)
    return {"schools": dict(schools), "municipalities": dict(municipalities), "region": dict(region)}


def community_participation(on: date | None = None) -> dict:
    """How schools take part in communities on the date ``on`` (today by default).

    Returns ``{school_id: {"communities": number of communities the school is a member of,
    "teachers": the largest teacher count it gives in any one of them (a lower bound of its
    teachers in communities: one teacher may be in several), "teacher_places": the sum over
    communities (an upper bound), "known_members": teachers known by name}}``. Only
    communities whose page is live count.
    """
    on = on or timezone.localdate()
    memberships = SchoolMembership.objects.filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=on),
        Q(left_on__isnull=True) | Q(left_on__gte=on),
        community__live=True,
    ).values_list("school_id", "community_id", "teachers")
    result = {}
    for school_id, _community_id, teachers in memberships:
        row = result.setdefault(school_id, {"communities": 0, "teachers": 0, "teacher_places": 0, "known_members": 0})
        row["communities"] += 1
        row["teachers"] = max(row["teachers"], teachers)
        row["teacher_places"] += teachers
    known = (
        CommunityMember.objects.filter(community__live=True, school__isnull=False)
        .values("school_id")
        .annotate(n=Count("full_name", distinct=True))
    )
    for row in known:
        entry = result.setdefault(
            row["school_id"], {"communities": 0, "teachers": 0, "teacher_places": 0, "known_members": 0}
        )
        entry["known_members"] = row["n"]
    return result
