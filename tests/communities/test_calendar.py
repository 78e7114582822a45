"""The calendar page: month grid, upcoming list, filters, archive and hostile parameters."""

import datetime
import re

import pytest

from django.utils import timezone

from communities.models import EventPage
from tests.factories import communities as f
from tests.factories.registry import MunicipalityFactory, SchoolFactory


def month_of(day):
    return f"{day.year:04d}-{day.month:02d}"


def grid(html):
    """The month table's markup only."""
    return html.split('<table class="month-grid', 1)[1].split("</table>", 1)[0]


def upcoming_list(html):
    return html.split('id="upcoming-title"', 1)[1].split('id="subscribe-title"', 1)[0]


def test_month_grid_is_a_table_of_whole_weeks_with_today_marked_and_events_in_their_cells(calendar, client):
    today = timezone.localdate()
    event = f.make_event(calendar, title="Семинар о смысловом чтении", start=f.at(today, 15))

    html = client.get("/events/").content.decode()

    table = grid(html)
    assert "<caption" in table and '<th scope="col">' in table
    rows = re.findall(r"<tr>", table.split("<tbody>")[1])
    assert 4 <= len(rows) <= 6
    assert len(re.findall(r"<td ", table) or re.findall(r"<td\b", table)) == len(rows) * 7
    today_cell = table.split('aria-current="date"', 1)[1].split("</td>", 1)[0]
    assert "сегодня" in today_cell
    assert "Семинар о смысловом чтении" in today_cell
    assert f"{event.url}#occurrence-{event.occurrences.get().pk}" in today_cell
    assert "15:00" in today_cell


def test_month_navigation_keeps_filters_and_shows_another_month(calendar, client):
    later = timezone.localdate().replace(day=1) + datetime.timedelta(days=70)
    f.make_event(calendar, title="Вебинар через два месяца", start=f.at(later, 11), kind=EventPage.Kind.WEBINAR)

    current = client.get("/events/?kind=webinar").content.decode()
    assert "Вебинар через два месяца" not in grid(current)
    next_link = re.search(r'href="([^"]+)" rel="next"', current).group(1).replace("&amp;", "&")
    assert "kind=webinar" in next_link

    target = client.get(f"/events/?kind=webinar&month={month_of(later)}").content.decode()
    assert "Вебинар через два месяца" in grid(target)
    assert "Текущий месяц" in target


def test_upcoming_list_is_in_time_order_and_marks_cancelled_and_full_occurrences(calendar, client):
    f.make_event(calendar, title="Второе", start=f.at(9))
    first = f.make_event(calendar, title="Первое", start=f.at(2), capacity=1)
    f.make_registration(first.occurrences.get())
    f.make_event(
        calendar, title="Отменённое", start=f.at(4), status=EventPage.Status.CANCELLED, status_note="Болезнь лектора"
    )
    f.make_event(calendar, title="Прошедшее", start=f.at(-5))

    listing = upcoming_list(client.get("/events/").content.decode())

    assert listing.index("Первое") < listing.index("Отменённое") < listing.index("Второе")
    assert "Прошедшее" not in listing
    assert "Отменено: Болезнь лектора" in listing
    assert "Мест нет" in listing


def test_upcoming_list_is_paginated_and_a_bad_page_number_shows_a_page(calendar, client):
    for number in range(12):
        f.make_event(calendar, title=f"Семинар номер {number:02d}", start=f.at(number + 1))

    first = client.get("/events/").content.decode()
    second = client.get("/events/?page=2").content.decode()
    hostile = client.get("/events/?page=abc")

    assert "Семинар номер 00" in upcoming_list(first) and "Семинар номер 11" not in upcoming_list(first)
    assert "Семинар номер 11" in upcoming_list(second)
    assert hostile.status_code == 200


def test_filters_narrow_grid_and_list(calendar, community_index, client):
    district = MunicipalityFactory(name="Заречный район")
    school = SchoolFactory(municipality=district, name="Заречная СОШ")
    community = f.make_community(community_index, title="Клуб директоров")
    f.make_event(
        calendar,
        title="Лекция для родителей",
        start=f.at(3),
        kind=EventPage.Kind.LECTURE,
        audiences=["parents"],
        format=EventPage.Format.ONLINE,
    )
    f.make_event(
        calendar,
        title="Стажировка в Заречной школе",
        start=f.at(4),
        kind=EventPage.Kind.INTERNSHIP,
        subjects=["mathematics"],
        host_school=school,
        community=community,
    )

    def titles(query):
        listing = upcoming_list(client.get(f"/events/?{query}").content.decode())
        return {title for title in ("Лекция для родителей", "Стажировка в Заречной школе") if title in listing}

    assert titles("") == {"Лекция для родителей", "Стажировка в Заречной школе"}
    assert titles("audience=parents") == {"Лекция для родителей"}
    assert titles("format=online") == {"Лекция для родителей"}
    assert titles("kind=internship") == {"Стажировка в Заречной школе"}
    assert titles("subject=mathematics") == {"Стажировка в Заречной школе"}
    assert titles(f"municipality={district.pk}") == {"Стажировка в Заречной школе"}
    assert titles(f"community={community.pk}") == {"Стажировка в Заречной школе"}
    assert titles("audience=parents&kind=internship") == set()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("month=2026-13", "Месяца с номером 13 нет"),
        ("month=13&year=2026", "Месяца с номером 13 нет"),
        ("month=99999-01", "Календарь охватывает 2000–2100 годы"),
        ("year=99999", "Календарь охватывает 2000–2100 годы"),
        ("month=abc", "Не удалось понять, какой месяц показать"),
        ("month=" + "9" * 5000, "Не удалось понять, какой месяц показать"),
        ("month=2026-%D9%A3", "Не удалось понять, какой месяц показать"),  # an Arabic-Indic digit
        ("month=0-0", "Месяца с номером 0 нет"),
    ],
)
def test_hostile_month_parameters_get_a_russian_message_and_the_current_month(calendar, client, query, message):
    response = client.get(f"/events/?{query}")

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    today = timezone.localdate()
    from communities.display import month_title

    assert month_title(today.year, today.month) in html


@pytest.mark.parametrize(
    "query",
    [
        "community=999999",
        "kind=party",
        "audience=" + "x" * 10000,
        "municipality=abc",
        "subject=%00",
        "format=<script>",
        "community=1&community=2",
    ],
)
def test_unknown_filter_values_are_ignored_with_a_notice(calendar, client, query):
    f.make_event(calendar, title="Семинар для всех", start=f.at(3))

    response = client.get(f"/events/?{query}")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Семинар для всех" in upcoming_list(html)
    assert "не распознаны и не применены" in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_first_and_last_months_have_no_link_beyond_the_range(calendar, client):
    first = client.get("/events/?month=2000-01").content.decode()
    last = client.get("/events/?month=2100-12").content.decode()

    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_drafts_private_and_unpublished_events_are_in_no_grid_or_list(calendar, client):
    f.make_event(calendar, title="Публичный семинар", start=f.at(1))
    f.make_event(calendar, title="Черновик семинара", start=f.at(1), publish_now=False)
    f.restrict(f.make_event(calendar, title="Закрытое совещание", start=f.at(1)))
    f.make_event(calendar, title="Снятый семинар", start=f.at(1)).unpublish()

    html = client.get("/events/").content.decode()
    archive = client.get("/events/archive/").content.decode()

    assert "Публичный семинар" in html
    for hidden in ("Черновик семинара", "Закрытое совещание", "Снятый семинар"):
        assert hidden not in html and hidden not in archive


def test_a_multi_day_internship_is_on_every_day_it_covers(calendar, client):
    start = f.at(timezone.localdate().replace(day=10), 9)
    f.make_event(calendar, title="Трёхдневная стажировка", start=start, end=start + datetime.timedelta(days=2, hours=8))

    table = grid(client.get(f"/events/?month={month_of(start)}").content.decode())

    assert table.count("Трёхдневная стажировка") == 3


def test_the_archive_lists_past_events_with_materials_and_recording_newest_first(calendar, client):
    from tests.factories.library import make_document

    handout = make_document("Презентация выступления", "slides.docx", "Слайды семинара")
    f.make_event(
        calendar,
        title="Давний семинар",
        start=f.at(-40),
        recording_url="https://video.example.ru/record/1",
        documents=[handout],
    )
    f.make_event(calendar, title="Недавний семинар", start=f.at(-3))
    f.make_event(calendar, title="Отменённый в прошлом", start=f.at(-2), status=EventPage.Status.CANCELLED)
    f.make_event(calendar, title="Будущий семинар", start=f.at(3))

    html = client.get("/events/archive/").content.decode()
    with_materials = client.get("/events/archive/?materials=on").content.decode()

    assert html.index("Недавний семинар") < html.index("Давний семинар")
    assert "Будущий семинар" not in html and "Отменённый в прошлом" not in html
    assert "Презентация выступления" in html and "https://video.example.ru/record/1" in html
    assert "Давний семинар" in with_materials and "Недавний семинар" not in with_materials


def test_the_calendar_links_its_feed_for_subscription(calendar, client):
    html = client.get("/events/").content.decode()

    assert "Подписаться на календарь" in html
    assert 'href="webcal://testserver/events/feed.ics"' in html
    assert 'value="http://testserver/events/feed.ics"' in html
    assert 'href="/events/archive/"' in html
    # No template syntax leaks into the page (a multi-line {# #} comment would).
    assert "{#" not in html and "{%" not in html


def test_an_editor_previews_the_calendar_page(calendar, admin_client):
    f.make_event(calendar, title="Семинар в превью", start=f.at(1))

    response = admin_client.get(f"/admin/pages/{calendar.pk}/view_draft/")

    assert response.status_code == 200
    assert "month-grid" in response.content.decode() and "Семинар в превью" in response.content.decode()
