"""One row per occurrence of an event: what the calendar, the feeds and registrations use.

Rows are made from the live page when it is published (``sync_occurrences``). A row is kept
by its planned local date, so moving a weekly seminar from 15:00 to 16:00 keeps its
registrations and its iCal UID; a one-off event keeps its single row when it is moved.
"""

from django.db import models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from base import pagecache

from ..display import when_text


def seats_tag(occurrence_id) -> str:
    """The page cache's name for the seats of one date: a registration to it renders again the
    pages that show them, and only those (base/pagecache.py)."""
    return f"seats:{occurrence_id}"


class EventOccurrenceQuerySet(models.QuerySet):
    def visible(self):
        """Occurrences of live pages everybody may see: the only ones any public view shows."""
        from .events import EventPage

        public_events = EventPage.objects.live().public().values("pk")
        return self.filter(event__in=public_events)

    def with_seats(self):
        """Annotate ``confirmed_count`` and ``waiting_count``: listings say «мест нет» without a
        query per row. Only a hint for readers; seats are decided in communities.registration."""
        from .registrations import Registration

        def count(status):
            return Coalesce(
                Subquery(
                    Registration.objects.filter(occurrence=OuterRef("pk"), status=status)
                    .order_by()
                    .values("occurrence")
                    .annotate(total=Count("pk"))
                    .values("total")[:1]
                ),
                0,
            )

        return self.annotate(
            confirmed_count=count(Registration.Status.CONFIRMED), waiting_count=count(Registration.Status.WAITING)
        )

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")


class EventOccurrence(models.Model):
    event = models.ForeignKey(
        "communities.EventPage", verbose_name="Мероприятие", on_delete=models.CASCADE, related_name="occurrences"
    )
    day = models.DateField("Плановая дата", help_text="Дата по плану серии: ключ занятия, не меняется при переносе.")
    start = models.DateTimeField("Начало", db_index=True)
    end = models.DateTimeField("Окончание", db_index=True)
    cancelled = models.BooleanField("Отменено", default=False)
    # RFC 5545 SEQUENCE: goes up whenever the time or the status changes, so calendars that
    # subscribed replace the old version of the occurrence.
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventOccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = "Занятие"
        verbose_name_plural = "Занятия"
        ordering = ["start"]
        constraints = [models.UniqueConstraint(fields=["event", "day"], name="one_occurrence_per_day")]

    def __str__(self):
        return f"{self.event.title} — {timezone.localtime(self.start, self.event.zone):%d.%m.%Y %H:%M}"

    @property
    def is_cancelled(self):
        return self.cancelled or self.event.is_cancelled

    @property
    def seats_taken(self):
        # A listing's annotated count was read before this is declared: a registration in
        # between is shown by the next change to that date or when the kept page expires.
        pagecache.depends_on(seats_tag(self.pk))
        if hasattr(self, "confirmed_count"):
            return self.confirmed_count
        return self.registrations.filter(status="confirmed").count()

    @property
    def is_full(self):
        """No free seat left (a hint for listings; the registration form decides for real)."""
        capacity = self.event.capacity
        return bool(capacity) and self.seats_taken >= capacity

    @property
    def has_ended(self):
        return self.end < timezone.now()

    @property
    def anchor(self):
        """The id of the occurrence's row on the event page (links from the calendar land there)."""
        return f"occurrence-{self.pk}"

    def when(self):
        """«12 марта 2026, 15:00–17:00 (МСК, Europe/Moscow)», with the local time if it differs."""
        return when_text(self.start, self.end, self.event.time_zone)

    def uid(self, domain: str) -> str:
        return f"event-{self.event_id}-{self.pk}@{domain}"


@transaction.atomic
def sync_occurrences(event) -> list[EventOccurrence]:
    """Make the stored occurrences match what the (live) page plans."""
    planned = event.planned_occurrences()
    existing = {row.day: row for row in EventOccurrence.objects.select_for_update().filter(event=event)}
    if event.repeat == event.Repeat.ONCE and len(existing) == 1 and planned:
        # A one-off event that moved keeps its row: its registrations and UID follow it.
        (only,) = existing.values()
        existing = {planned[0].day: only}
    kept = []
    for occurrence in planned:
        cancelled = occurrence.cancelled or event.is_cancelled
        row = existing.pop(occurrence.day, None)
        if row is None:
            row = EventOccurrence.objects.create(
                event=event, day=occurrence.day, start=occurrence.start, end=occurrence.end, cancelled=cancelled
            )
        elif (row.day, row.start, row.end, row.cancelled) != (
            occurrence.day,
            occurrence.start,
            occurrence.end,
            cancelled,
        ):
            row.day, row.start, row.end, row.cancelled = occurrence.day, occurrence.start, occurrence.end, cancelled
            row.sequence += 1
            row.save()
        kept.append(row)
    for row in existing.values():
        # A date dropped from the series: with people registered it stays, cancelled, so they
        # can be told; without anyone it simply goes.
        if row.registrations.exists():
            if not row.cancelled:
                row.cancelled = True
                row.sequence += 1
                row.save()
        else:
            row.delete()
    return kept
