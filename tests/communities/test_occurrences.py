"""Occurrence rows follow the published page (communities.models.occurrences)."""

import datetime
from zoneinfo import ZoneInfo

from communities.models import EventOccurrence, EventPage
from tests.factories import communities as f

BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")


def test_publishing_a_weekly_event_in_berlin_makes_rows_that_keep_local_time_over_the_dst_change(calendar):
    event = f.make_event(
        calendar,
        start=datetime.datetime(2026, 3, 19, 15, tzinfo=BERLIN),
        time_zone="Europe/Berlin",
        repeat=EventPage.Repeat.WEEKLY,
        repeat_until=datetime.date(2026, 4, 9),
        skipped=[datetime.date(2026, 4, 2)],
    )

    rows = list(event.occurrences.order_by("start"))
    assert [row.day for row in rows] == [
        datetime.date(2026, 3, 19),
        datetime.date(2026, 3, 26),
        datetime.date(2026, 4, 2),
        datetime.date(2026, 4, 9),
    ]
    assert [row.start.astimezone(BERLIN).hour for row in rows] == [15, 15, 15, 15]
    assert [row.start.astimezone(UTC).hour for row in rows] == [14, 14, 13, 13]
    assert [row.cancelled for row in rows] == [False, False, True, False]


def test_a_monthly_series_by_weekday_gets_one_row_per_month(calendar):
    event = f.make_event(
        calendar,
        start=datetime.datetime(2026, 9, 9, 15, tzinfo=f.MOSCOW),  # the 2nd Wednesday
        repeat=EventPage.Repeat.MONTHLY_BY_WEEKDAY,
        repeat_until=datetime.date(2026, 12, 31),
    )

    assert list(event.occurrences.values_list("day", flat=True)) == [
        datetime.date(2026, 9, 9),
        datetime.date(2026, 10, 14),
        datetime.date(2026, 11, 11),
        datetime.date(2026, 12, 9),
    ]


def test_changing_the_time_of_a_series_keeps_its_rows_and_uids_and_raises_the_sequence(calendar):
    event = f.make_event(calendar, start=f.at(7, 15), repeat=EventPage.Repeat.WEEKLY, repeat_until=f.at(28).date())
    before = {row.day: (row.pk, row.uid("portal.example")) for row in event.occurrences.all()}

    event = f.republish(event, start=f.at(7, 16), end=f.at(7, 18))

    rows = list(event.occurrences.all())
    assert {row.day: (row.pk, row.uid("portal.example")) for row in rows} == before
    assert {timezone_hour(row) for row in rows} == {16}
    assert {row.sequence for row in rows} == {1}


def test_moving_a_one_off_event_to_another_day_keeps_its_row_and_registrations(calendar):
    event = f.make_event(calendar, start=f.at(10))
    row = event.occurrences.get()
    registration = f.make_registration(row)

    event = f.republish(event, start=f.at(12, 11), end=f.at(12, 13), status=EventPage.Status.MOVED)

    moved = event.occurrences.get()
    assert moved.pk == row.pk
    assert moved.day == f.at(12).date()
    assert moved.sequence == 1
    assert moved.registrations.get() == registration


def test_a_date_dropped_from_a_series_goes_unless_someone_registered_for_it(calendar):
    event = f.make_event(calendar, start=f.at(7), repeat=EventPage.Repeat.WEEKLY, repeat_until=f.at(28).date())
    kept, dropped = event.occurrences.order_by("start")[2:4]
    f.make_registration(kept)

    event = f.republish(event, repeat_until=f.at(7).date())

    assert set(event.occurrences.values_list("pk", flat=True)) == {event.occurrences.order_by("start")[0].pk, kept.pk}
    kept.refresh_from_db()
    assert kept.cancelled is True
    assert not EventOccurrence.objects.filter(pk=dropped.pk).exists()


def test_cancelling_the_event_cancels_every_occurrence(calendar):
    event = f.make_event(calendar, start=f.at(7), repeat=EventPage.Repeat.WEEKLY, repeat_until=f.at(21).date())

    event = f.republish(event, status=EventPage.Status.CANCELLED, status_note="Из-за карантина")

    assert set(event.occurrences.values_list("cancelled", flat=True)) == {True}


def test_visible_holds_only_live_public_events(calendar):
    public = f.make_event(calendar, title="Открытый семинар")
    f.make_event(calendar, title="Черновик", publish_now=False)
    private = f.make_event(calendar, title="Закрытое совещание")
    f.restrict(private)
    withdrawn = f.make_event(calendar, title="Снятое с публикации")
    withdrawn.unpublish()

    visible = EventOccurrence.objects.visible()

    assert set(visible.values_list("event__title", flat=True)) == {public.title}
    # The withdrawn event still has its row (registrations keep pointing at it), just not shown.
    assert EventOccurrence.objects.filter(event=withdrawn).exists()


def test_upcoming_and_past_split_at_the_end_not_the_start(calendar):
    now = f.at(0, 12)
    running = f.make_event(
        calendar, title="Идёт сейчас", start=now - datetime.timedelta(hours=1), end=now + datetime.timedelta(hours=1)
    )
    finished = f.make_event(
        calendar, title="Закончилось", start=now - datetime.timedelta(hours=3), end=now - datetime.timedelta(hours=2)
    )

    assert list(EventOccurrence.objects.upcoming(now).values_list("event", flat=True)) == [running.pk]
    assert list(EventOccurrence.objects.past(now).values_list("event", flat=True)) == [finished.pk]


def timezone_hour(row):
    return row.start.astimezone(f.MOSCOW).hour
