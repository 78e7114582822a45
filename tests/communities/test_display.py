"""How times read (communities.display): the site's zone named, the event's zone when it differs."""

import datetime
from zoneinfo import ZoneInfo

from communities import display

MOSCOW = ZoneInfo("Europe/Moscow")


def test_a_moscow_event_reads_in_moscow_time_with_the_zone_named(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    start = datetime.datetime(2026, 3, 12, 15, tzinfo=MOSCOW)

    text = display.when_text(start, start + datetime.timedelta(hours=2), "Europe/Moscow")

    assert text == "12 марта 2026, 15:00–17:00 (МСК, Europe/Moscow)"


def test_an_event_in_yekaterinburg_adds_its_local_time_named_by_the_offset_from_moscow(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    start = datetime.datetime(2026, 3, 12, 10, tzinfo=ZoneInfo("Asia/Yekaterinburg"))

    text = display.when_text(start, start + datetime.timedelta(hours=2), "Asia/Yekaterinburg")

    assert text == (
        "12 марта 2026, 08:00–10:00 (МСК, Europe/Moscow); "
        "по местному времени: 12 марта 2026, 10:00–12:00 (МСК+2, Asia/Yekaterinburg)"
    )


def test_kaliningrad_is_moscow_minus_one_and_berlin_keeps_its_own_abbreviation_with_dst():
    moment = datetime.datetime(2026, 7, 1, 12, tzinfo=MOSCOW)

    assert display.zone_abbreviation("Europe/Kaliningrad", moment) == "МСК\u22121"
    assert display.zone_abbreviation("Europe/Berlin", moment) == "CEST"
    assert display.zone_abbreviation("Asia/Kolkata", moment) == "IST"
    assert display.zone_abbreviation("Asia/Dubai", moment) == "UTC+4"


def test_a_span_over_days_names_both_days(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    start = datetime.datetime(2026, 3, 30, 10, tzinfo=MOSCOW)

    text = display.span_text(start, start + datetime.timedelta(days=2, hours=7), "Europe/Moscow")

    assert text == "30 марта 2026, 10:00 – 1 апреля 2026, 17:00"


def test_a_zone_with_the_same_clock_as_the_site_adds_nothing(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    start = datetime.datetime(2026, 3, 12, 15, tzinfo=ZoneInfo("Europe/Kirov"))

    assert "по местному времени" not in display.when_text(start, start + datetime.timedelta(hours=1), "Europe/Kirov")


def test_series_rules_in_words_agree_in_gender_and_number():
    assert (
        display.series_text("weekly", 1, datetime.date(2026, 3, 5), datetime.date(2026, 5, 28))
        == "Каждую неделю по четвергам, с 5 марта по 28 мая 2026"
    )
    assert display.series_text("weekly", 2, datetime.date(2026, 3, 4), None).startswith("Раз в 2 недели по средам")
    assert display.series_text("monthly_weekday", 1, datetime.date(2026, 3, 11), None).startswith(
        "Каждый месяц, во вторую среду"
    )
    assert display.series_text("monthly_weekday", 1, datetime.date(2026, 3, 27), None).startswith(
        "Каждый месяц, в последнюю пятницу"
    )
    assert display.series_text("monthly_weekday", 1, datetime.date(2026, 3, 3), None).startswith(
        "Каждый месяц, в первый вторник"
    )
    assert display.series_text("monthly_date", 5, datetime.date(2026, 3, 12), None).startswith(
        "Раз в 5 месяцев, 12-го числа"
    )
    assert display.series_text("once", 1, datetime.date(2026, 3, 12), None) == ""
