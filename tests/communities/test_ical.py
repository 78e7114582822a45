"""iCalendar feeds and downloads (communities.ical): RFC 5545 shape and exactly the visible occurrences."""

import datetime
from zoneinfo import ZoneInfo

import icalendar

from communities import ical
from communities.models import EventOccurrence, EventPage
from tests.factories import communities as f

BERLIN = ZoneInfo("Europe/Berlin")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar):
    return calendar.walk("VEVENT")


def test_the_feed_holds_exactly_the_visible_occurrences_with_cancelled_ones_marked(calendar, client):
    series = f.make_event(
        calendar,
        title="Еженедельный семинар",
        start=f.at(3),
        repeat=EventPage.Repeat.WEEKLY,
        repeat_until=f.at(17).date(),
        skipped=[f.at(10).date()],
    )
    one_off = f.make_event(calendar, title="Круглый стол", start=f.at(5), kind=EventPage.Kind.ROUND_TABLE)
    f.make_event(calendar, title="Черновик", start=f.at(4), publish_now=False)
    f.restrict(f.make_event(calendar, title="Закрытое совещание", start=f.at(4)))
    f.make_event(calendar, title="Снятое с публикации", start=f.at(4)).unpublish()
    f.make_event(calendar, title="Давно прошедшее", start=f.at(-60))
    recent = f.make_event(calendar, title="Прошедшее на днях", start=f.at(-10))

    feed = parse(client.get("/events/feed.ics"))

    expected = EventOccurrence.objects.filter(event__in=[series, one_off, recent])
    assert {str(event["UID"]) for event in vevents(feed)} == {row.uid("localhost") for row in expected}
    summaries = [str(event["SUMMARY"]) for event in vevents(feed)]
    assert not any(
        hidden in summary for summary in summaries for hidden in ("Черновик", "Закрытое", "Снятое", "Давно прошедшее")
    )
    cancelled = [event for event in vevents(feed) if str(event["STATUS"]) == "CANCELLED"]
    assert len(cancelled) == 1
    assert cancelled[0].decoded("DTSTART").date() == f.at(10).date()
    assert str(cancelled[0]["SUMMARY"]).startswith("Отменено: ")
    assert {str(event["STATUS"]) for event in vevents(feed)} == {"CONFIRMED", "CANCELLED"}


def test_every_vevent_carries_what_rfc_5545_and_subscribers_need(calendar, client):
    event = f.make_event(
        calendar,
        title="Мастер-класс «Формирующее оценивание»",
        start=f.at(6, 14),
        summary="Приёмы формирующего оценивания на уроке.",
        place="г. Энск, СОШ № 3, актовый зал",
        kind=EventPage.Kind.MASTER_CLASS,
    )
    occurrence = event.occurrences.get()

    feed = parse(client.get("/events/feed.ics"))

    assert str(feed["VERSION"]) == "2.0"
    assert "PRODID" in feed and str(feed["METHOD"]) == "PUBLISH"
    assert str(feed["X-WR-CALNAME"]) == calendar.title
    assert "REFRESH-INTERVAL" in feed and "X-PUBLISHED-TTL" in feed
    (vevent,) = vevents(feed)
    assert str(vevent["UID"]) == occurrence.uid("localhost")
    assert vevent["DTSTART"].params["TZID"] == "Europe/Moscow"
    assert vevent.decoded("DTSTART") == occurrence.start
    assert vevent.decoded("DTEND") == occurrence.end
    assert str(vevent["LOCATION"]) == "г. Энск, СОШ № 3, актовый зал"
    assert str(vevent["URL"]) == "http://localhost" + event.url
    assert "http://localhost" + event.url in str(vevent["DESCRIPTION"])
    assert "Приёмы формирующего оценивания" in str(vevent["DESCRIPTION"])
    assert int(vevent["SEQUENCE"]) == 0
    assert "DTSTAMP" in vevent and "LAST-MODIFIED" in vevent
    assert [tz["TZID"] for tz in feed.walk("VTIMEZONE")] == ["Europe/Moscow"]


def test_a_vtimezone_is_written_for_every_zone_used_with_its_dst_rules(calendar, client):
    f.make_event(
        calendar,
        title="Конференция в Берлине",
        start=datetime.datetime.combine(f.at(20).date(), datetime.time(10), tzinfo=BERLIN),
        time_zone="Europe/Berlin",
        kind=EventPage.Kind.CONFERENCE,
    )
    f.make_event(calendar, title="Семинар в Энске", start=f.at(21))

    feed = parse(client.get("/events/feed.ics"))

    zones = {str(tz["TZID"]): tz for tz in feed.walk("VTIMEZONE")}
    assert set(zones) == {"Europe/Berlin", "Europe/Moscow"}
    assert zones["Europe/Berlin"].walk("DAYLIGHT") and zones["Europe/Berlin"].walk("STANDARD")
    berlin_event = next(event for event in vevents(feed) if "Берлине" in str(event["SUMMARY"]))
    assert berlin_event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert berlin_event.decoded("DTSTART").astimezone(BERLIN).hour == 10
    assert feed.get_missing_tzids() == set()


def test_a_weekly_berlin_series_across_dst_keeps_local_time_in_the_feed(calendar, client):
    f.make_event(
        calendar,
        title="Вебинар по четвергам",
        start=datetime.datetime(2026, 10, 15, 15, tzinfo=BERLIN),
        time_zone="Europe/Berlin",
        repeat=EventPage.Repeat.WEEKLY,
        repeat_until=datetime.date(2026, 11, 5),
        format=EventPage.Format.ONLINE,
    )

    content = client.get(f"{EventPage.objects.get().url}ical/").content
    feed = icalendar.Calendar.from_ical(content)

    starts = [event.decoded("DTSTART") for event in vevents(feed)]
    assert [moment.astimezone(BERLIN).hour for moment in starts] == [15, 15, 15, 15]
    assert [moment.utcoffset() for moment in starts] == [datetime.timedelta(hours=2)] * 2 + [
        datetime.timedelta(hours=1)
    ] * 2
    assert b"DTSTART;TZID=Europe/Berlin:20261029T150000" in content


def test_the_online_link_never_reaches_a_feed(calendar, client):
    f.make_event(
        calendar,
        title="Вебинар",
        start=f.at(2),
        format=EventPage.Format.ONLINE,
        online_url="https://webinar.example.ru/room/very-secret",
    )

    content = client.get("/events/feed.ics").content.decode()

    assert "very-secret" not in content
    (vevent,) = vevents(icalendar.Calendar.from_ical(content))
    assert str(vevent["LOCATION"]) == "Онлайн"


def test_changes_after_subscription_keep_the_uid_and_raise_the_sequence(calendar, client):
    event = f.make_event(calendar, title="Семинар", start=f.at(5, 15))
    (before,) = vevents(parse(client.get("/events/feed.ics")))

    f.republish(
        event, start=f.at(5, 17), end=f.at(5, 19), status=EventPage.Status.MOVED, status_note="Перенесено на 17:00"
    )
    (after,) = vevents(parse(client.get("/events/feed.ics")))

    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("DTSTART").astimezone(f.MOSCOW).hour == 17
    assert "Мероприятие перенесено. Перенесено на 17:00" in str(after["DESCRIPTION"])


def test_an_empty_feed_is_still_a_valid_calendar(calendar, client):
    feed = parse(client.get("/events/feed.ics"))

    assert vevents(feed) == []
    assert feed.walk("VTIMEZONE")


def test_the_feed_follows_the_calendar_filters(calendar, client):
    f.make_event(
        calendar, title="Лекция для родителей", start=f.at(2), audiences=["parents"], kind=EventPage.Kind.LECTURE
    )
    f.make_event(calendar, title="Семинар для учителей", start=f.at(2), audiences=["teachers"])

    feed = parse(client.get("/events/feed.ics?audience=parents"))

    assert [str(event["SUMMARY"]) for event in vevents(feed)] == ["Лекция для родителей"]
    assert "Родителям" in str(feed["X-WR-CALNAME"])


def test_the_feed_of_a_calendar_behind_a_password_is_refused(calendar, client):
    f.make_event(calendar, title="Семинар", start=f.at(2))
    f.restrict(calendar)

    response = client.get("/events/feed.ics")

    assert b"BEGIN:VCALENDAR" not in response.content
    assert "Семинар" not in response.content.decode()


def test_an_event_download_is_an_attachment_of_its_own_occurrences(calendar, client):
    event = f.make_event(
        calendar, title="Серия", start=f.at(2), repeat=EventPage.Repeat.WEEKLY, repeat_until=f.at(16).date()
    )
    f.make_event(calendar, title="Другое", start=f.at(3))

    response = client.get(f"{event.url}ical/")

    assert response["Content-Disposition"].startswith("attachment;")
    assert f"{event.slug}.ics" in response["Content-Disposition"]
    feed = parse(response)
    assert len(vevents(feed)) == 3
    assert {str(vevent["SUMMARY"]) for vevent in vevents(feed)} == {"Серия"}


def test_a_private_or_draft_event_has_no_download(calendar, client):
    private = f.make_event(calendar, title="Закрытое", start=f.at(2))
    f.restrict(private)
    draft = f.make_event(calendar, title="Черновик", start=f.at(2), publish_now=False)

    private_response = client.get(f"{private.url}ical/")
    draft_response = client.get(f"/events/{draft.slug}/ical/")

    assert b"BEGIN:VCALENDAR" not in private_response.content
    assert draft_response.status_code == 404


def test_a_community_feed_holds_only_its_events(calendar, community_index, client):
    community = f.make_community(community_index, title="Сетевое сообщество учителей химии")
    f.make_event(calendar, title="Семинар химиков", start=f.at(4), community=community)
    f.make_event(calendar, title="Чужой семинар", start=f.at(4))

    feed = parse(client.get(f"{community.url}feed.ics"))

    assert [str(event["SUMMARY"]) for event in vevents(feed)] == ["Семинар химиков"]
    assert str(feed["X-WR-CALNAME"]) == community.title


def test_occurrence_calendar_is_one_event_for_the_confirmation_email(calendar):
    event = f.make_event(
        calendar, title="Семинар", start=f.at(4), repeat=EventPage.Repeat.WEEKLY, repeat_until=f.at(18).date()
    )
    occurrence = event.occurrences.order_by("start")[1]

    feed = icalendar.Calendar.from_ical(ical.occurrence_calendar(occurrence, None))

    (vevent,) = vevents(feed)
    assert str(vevent["UID"]) == occurrence.uid("localhost")
    assert vevent.decoded("DTSTART") == occurrence.start
    assert feed.walk("VTIMEZONE")


def test_uids_do_not_depend_on_the_host_the_feed_was_fetched_through(calendar, client, settings):
    settings.ALLOWED_HOSTS = ["*"]
    f.make_event(calendar, title="Семинар", start=f.at(4))

    through_localhost = parse(client.get("/events/feed.ics"))
    through_other = parse(client.get("/events/feed.ics", HTTP_HOST="other.example"))

    assert str(vevents(through_localhost)[0]["UID"]) == str(vevents(through_other)[0]["UID"])


def test_no_ics_address_is_served_for_pages_without_a_feed(home, client):
    assert client.get("/feed.ics").status_code == 404
    assert client.get("/nothing/here/feed.ics").status_code == 404
