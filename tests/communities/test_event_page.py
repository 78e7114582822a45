"""The public event page: its fields, times with the zone named, status, series, materials."""

import datetime
from zoneinfo import ZoneInfo

from communities.models import EventPage
from tests.factories import communities as f
from tests.factories.library import make_document
from tests.factories.registry import SchoolFactory

SECRET = "https://webinar.example.ru/room/never-public-7f3a"


def main(response):
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_the_event_page_shows_its_fields_with_time_and_zone_named(calendar, client):
    school = SchoolFactory(name="МБОУ «Лицей № 2»")
    event = f.make_event(
        calendar,
        title="Методический день в лицее",
        start=datetime.datetime(2030, 12, 3, 15, tzinfo=f.MOSCOW),
        end=datetime.datetime(2030, 12, 3, 17, tzinfo=f.MOSCOW),
        kind=EventPage.Kind.METHODOLOGICAL_DAY,
        audiences=["teachers", "school-leaders"],
        subjects=["russian"],
        host_school=school,
        hours=4,
        capacity=30,
        agenda="<p>14:00 — открытые уроки</p>",
        speakers=["Орлова Нина Петровна"],
    )

    html = main(client.get(event.url))

    assert "Методический день" in html
    assert "3 декабря 2030, 15:00–17:00 (МСК, Europe/Moscow)" in html
    assert "Учителям, Руководителям школ" in html
    assert "Русский язык" in html
    assert "МБОУ «Лицей № 2»" in html and school.municipality.name in html
    assert "4 ч" in html and "мест: 30" in html
    assert "открытые уроки" in html and "Орлова Нина Петровна" in html
    assert f'href="{event.url}ical/"' in html


def test_an_event_in_another_zone_shows_the_site_time_and_its_local_time(calendar, client):
    event = f.make_event(
        calendar,
        title="Конференция в Берлине",
        start=datetime.datetime(2026, 12, 3, 10, tzinfo=ZoneInfo("Europe/Berlin")),
        time_zone="Europe/Berlin",
    )

    html = main(client.get(event.url))

    assert "3 декабря 2026, 12:00–14:00 (МСК, Europe/Moscow)" in html
    assert "по местному времени: 3 декабря 2026, 10:00–12:00 (CET, Europe/Berlin)" in html


def test_the_online_link_is_never_on_the_public_page(calendar, client):
    online = f.make_event(calendar, title="Вебинар", format=EventPage.Format.ONLINE, online_url=SECRET)
    mixed = f.make_event(calendar, title="Смешанный семинар", format=EventPage.Format.MIXED, online_url=SECRET)

    for event in (online, mixed):
        response = client.get(event.url)
        assert SECRET not in response.content.decode()
        assert "Ссылку на трансляцию получат зарегистрированные участники" in main(response)
    assert SECRET not in client.get("/events/").content.decode()
    assert SECRET not in client.get(f"{online.url}ical/").content.decode()


def test_a_cancelled_event_says_so_first_and_offers_no_registration(calendar, client):
    event = f.make_event(
        calendar,
        title="Семинар",
        status=EventPage.Status.CANCELLED,
        status_note="Лектор заболел, новая дата будет позже.",
    )

    html = main(client.get(event.url))

    status = html.index("Мероприятие отменено.")
    assert status < html.index("Когда")
    assert "Лектор заболел" in html
    assert "register/" not in html


def test_a_moved_event_shows_the_new_time_prominently(calendar, client):
    event = f.make_event(calendar, title="Семинар", start=f.at(9, 16))
    event = f.republish(event, status=EventPage.Status.MOVED, status_note="Перенесено с 15:00 на 16:00.")

    html = main(client.get(event.url))

    assert "Мероприятие перенесено." in html and "Перенесено с 15:00 на 16:00." in html


def test_a_series_lists_its_coming_dates_with_cancelled_ones_marked_and_registration_for_open_ones(calendar, client):
    event = f.make_event(
        calendar,
        title="Школа молодого учителя",
        start=datetime.datetime.combine(f.at(3).date(), datetime.time(15), tzinfo=f.MOSCOW),
        repeat=EventPage.Repeat.WEEKLY,
        repeat_until=f.at(24).date(),
        skipped=[f.at(10).date()],
    )
    rows = list(event.occurrences.order_by("start"))

    html = main(client.get(event.url))

    assert "Расписание и регистрация" in html
    assert "Каждую неделю по" in html
    for row in rows:
        assert f'id="{row.anchor}"' in html
    cancelled_item = html.split(f'id="{rows[1].anchor}"', 1)[1].split("</li>", 1)[0]
    assert "занятие отменено" in cancelled_item
    assert f"register/{rows[1].pk}/" not in html
    for row in (rows[0], rows[2], rows[3]):
        assert f"register/{row.pk}/" in html


def test_materials_recording_and_results_after_the_event(calendar, client):
    handout = make_document("Раздаточный материал", "handout.docx", "Памятка для участников")
    event = f.make_event(
        calendar,
        title="Прошедший семинар",
        start=f.at(-7),
        documents=[handout],
        recording_url="https://video.example.ru/record/42",
    )

    html = main(client.get(event.url))

    assert "Материалы и итоги" in html
    assert "Раздаточный материал" in html and handout.url in html
    assert "https://video.example.ru/record/42" in html
    assert "Добавить в календарь" not in html
    assert "register/" not in html


def test_a_draft_community_is_neither_linked_nor_named(calendar, community_index, client):
    community = f.make_community(community_index, title="Секретный клуб", publish_now=False)
    event = f.make_event(calendar, title="Семинар", community=community)

    html = main(client.get(event.url))

    assert "Секретный клуб" not in html


def test_draft_and_private_event_pages_are_not_served(calendar, client):
    draft = f.make_event(calendar, title="Черновик", publish_now=False)
    private = f.make_event(calendar, title="Закрытое совещание")
    f.restrict(private)

    assert client.get(f"/events/{draft.slug}/").status_code == 404
    assert "Закрытое совещание</h1>" not in client.get(private.url).content.decode()


def test_search_engines_get_schema_org_event_data_without_the_online_link(calendar, client):
    import json

    event = f.make_event(
        calendar, title="Вебинар <о чтении>", start=f.at(5, 16), format=EventPage.Format.ONLINE, online_url=SECRET
    )

    html = client.get(event.url).content.decode()

    payload = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(payload)
    assert data["@type"] == "Event" and data["name"] == "Вебинар <о чтении>"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "http://localhost" + event.url}
    assert data["startDate"] == event.occurrences.get().start.isoformat()
    assert SECRET not in html and "<о чтении>" not in payload


def test_an_editor_previews_a_draft_with_its_planned_dates(calendar, admin_client):
    event = f.make_event(
        calendar,
        title="Черновик серии",
        start=datetime.datetime.combine(f.at(3).date(), datetime.time(15), tzinfo=f.MOSCOW),
        repeat=EventPage.Repeat.WEEKLY,
        repeat_until=f.at(17).date(),
        publish_now=False,
    )

    response = admin_client.get(f"/admin/pages/{event.pk}/view_draft/")

    html = main(response)
    assert "Черновик серии" in html and "Каждую неделю по" in html
    assert html.count("occurrence-list") == 1 and "register/" not in html
