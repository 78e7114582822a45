"""Expanding repeat rules in the event's own zone (communities.recurrence, no database)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from communities import recurrence

BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")


def test_weekly_seminar_keeps_its_local_time_across_the_spring_dst_change_and_its_utc_time_shifts():
    # Thursdays at 15:00 in Berlin from 12 March 2026; clocks go forward on 29 March 2026.
    start = datetime(2026, 3, 12, 15, 0, tzinfo=BERLIN)
    occurrences = recurrence.expand(
        start, start + timedelta(hours=2), "Europe/Berlin", recurrence.WEEKLY, 1, date(2026, 4, 9)
    )

    assert [o.day for o in occurrences] == [date(2026, 3, d) for d in (12, 19, 26)] + [
        date(2026, 4, 2),
        date(2026, 4, 9),
    ]
    assert {o.start.astimezone(BERLIN).strftime("%H:%M") for o in occurrences} == {"15:00"}
    assert {o.end.astimezone(BERLIN).strftime("%H:%M") for o in occurrences} == {"17:00"}
    utc_hours = [o.start.astimezone(UTC).hour for o in occurrences]
    assert utc_hours == [14, 14, 14, 13, 13]


def test_weekly_series_across_the_autumn_change_and_a_skipped_date_is_cancelled_not_dropped():
    start = datetime(2026, 10, 15, 18, 30, tzinfo=BERLIN)
    occurrences = recurrence.expand(
        start,
        start + timedelta(minutes=90),
        "Europe/Berlin",
        recurrence.WEEKLY,
        1,
        date(2026, 11, 5),
        {date(2026, 10, 29)},
    )

    assert [(o.day, o.cancelled) for o in occurrences] == [
        (date(2026, 10, 15), False),
        (date(2026, 10, 22), False),
        (date(2026, 10, 29), True),
        (date(2026, 11, 5), False),
    ]
    assert [o.start.astimezone(UTC).hour for o in occurrences] == [16, 16, 17, 17]


def test_every_second_week_stops_at_the_until_date_inclusive():
    start = datetime(2026, 1, 5, 10, tzinfo=BERLIN)
    occurrences = recurrence.expand(
        start, start + timedelta(hours=1), "Europe/Berlin", recurrence.WEEKLY, 2, date(2026, 2, 2)
    )

    assert [o.day for o in occurrences] == [date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 2)]


def test_monthly_by_weekday_keeps_the_second_wednesday():
    start = datetime(2026, 1, 14, 15, tzinfo=ZoneInfo("Europe/Moscow"))  # the 2nd Wednesday
    occurrences = recurrence.expand(
        start, start + timedelta(hours=2), "Europe/Moscow", recurrence.MONTHLY_BY_WEEKDAY, 1, date(2026, 5, 31)
    )

    assert [o.day for o in occurrences] == [
        date(2026, 1, 14),
        date(2026, 2, 11),
        date(2026, 3, 11),
        date(2026, 4, 8),
        date(2026, 5, 13),
    ]
    assert all(o.day.weekday() == 2 and 8 <= o.day.day <= 14 for o in occurrences)


def test_monthly_by_weekday_from_a_last_friday_stays_on_the_last_friday():
    start = datetime(2026, 1, 30, 12, tzinfo=ZoneInfo("Europe/Moscow"))  # the last Friday of January
    occurrences = recurrence.expand(
        start, start + timedelta(hours=1), "Europe/Moscow", recurrence.MONTHLY_BY_WEEKDAY, 1, date(2026, 4, 30)
    )

    assert [o.day for o in occurrences] == [date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27), date(2026, 4, 24)]


def test_monthly_by_date_skips_months_without_that_day():
    start = datetime(2026, 1, 31, 12, tzinfo=ZoneInfo("Europe/Moscow"))
    occurrences = recurrence.expand(
        start, start + timedelta(hours=1), "Europe/Moscow", recurrence.MONTHLY_BY_DATE, 1, date(2026, 5, 31)
    )

    assert [o.day for o in occurrences] == [date(2026, 1, 31), date(2026, 3, 31), date(2026, 5, 31)]


def test_a_time_that_does_not_exist_on_the_spring_change_moves_an_hour_forward():
    # 02:30 on 29 March 2026 does not exist in Berlin.
    start = datetime(2026, 3, 22, 2, 30, tzinfo=BERLIN)
    occurrences = recurrence.expand(
        start, start + timedelta(hours=1), "Europe/Berlin", recurrence.WEEKLY, 1, date(2026, 3, 29)
    )

    assert occurrences[1].start.astimezone(BERLIN).strftime("%H:%M") == "03:30"
    assert occurrences[1].day == date(2026, 3, 29)


def test_a_series_is_bounded_whatever_the_until_date():
    start = datetime(2026, 1, 1, 10, tzinfo=BERLIN)
    occurrences = recurrence.expand(
        start, start + timedelta(hours=1), "Europe/Berlin", recurrence.WEEKLY, 1, date(2099, 1, 1)
    )

    assert len(occurrences) == recurrence.MAX_OCCURRENCES


def test_a_one_off_event_is_one_occurrence():
    start = datetime(2026, 6, 1, 10, tzinfo=BERLIN)
    occurrences = recurrence.expand(start, start + timedelta(hours=3), "Europe/Berlin")

    assert len(occurrences) == 1
    assert occurrences[0].end - occurrences[0].start == timedelta(hours=3)
