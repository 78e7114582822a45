"""The communities section: index with filters, a community's page, its feed."""

import datetime

from django.utils import timezone

from communities.models import CommunityMember, CommunityPage, SchoolMembership
from tests.factories import communities as f
from tests.factories.library import make_material
from tests.factories.registry import MunicipalityFactory, SchoolFactory


def main(response):
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_a_community_page_shows_schools_with_teacher_counts_and_never_teachers_names(calendar, community_index, client):
    district = MunicipalityFactory(name="Северный район")
    first = SchoolFactory(name="СОШ № 1 г. Северска", municipality=district)
    second = SchoolFactory(name="Основная школа с. Луговое", municipality=district)
    left = SchoolFactory(name="Школа, которая вышла")
    community = f.make_community(
        community_index,
        title="ММО учителей математики Северного района",
        subjects=["mathematics"],
        municipality=district,
        schools=[(first, 7), (second, 2)],
        members=[("Кузнецова Ольга Сергеевна", first)],
        coordinator_name="Иванова Анна Павловна",
        coordinator_email="ivanova@school1.example.ru",
    )
    SchoolMembership.objects.create(
        community=community, school=left, teachers=5, left_on=timezone.localdate() - datetime.timedelta(days=30)
    )

    html = main(client.get(community.url))

    assert "Муниципальное методическое объединение" in html and "Математика" in html
    assert "Иванова Анна Павловна" in html and "mailto:ivanova@school1.example.ru" in html
    assert "СОШ № 1 г. Северска" in html and "Основная школа с. Луговое" in html
    assert "Школа, которая вышла" not in html
    assert "Школ: 2, педагогов: 9" in html
    assert "Кузнецова" not in html
    assert CommunityMember.objects.filter(community=community).exists()


def test_a_community_page_lists_its_upcoming_and_past_events_and_visible_materials_only(
    calendar, community_index, client
):
    material = make_material("Памятка по формирующему оцениванию")
    draft_material = make_material("Черновик памятки", publish_now=False)
    community = f.make_community(community_index, materials=[material, draft_material])
    f.make_event(calendar, title="Будущая встреча", start=f.at(5), community=community)
    f.make_event(calendar, title="Прошлая встреча", start=f.at(-5), community=community)
    f.make_event(calendar, title="Черновик встречи", start=f.at(5), community=community, publish_now=False)
    f.make_event(calendar, title="Встреча другого сообщества", start=f.at(5))

    html = main(client.get(community.url))

    upcoming = html.split('id="upcoming-title"', 1)[1].split('id="past-title"', 1)[0]
    past = html.split('id="past-title"', 1)[1].split('id="schools-title"', 1)[0]
    assert "Будущая встреча" in upcoming and "Прошлая встреча" not in upcoming
    assert "Прошлая встреча" in past
    assert "Черновик встречи" not in html and "Встреча другого сообщества" not in html
    assert "Памятка по формирующему оцениванию" in html and "Черновик памятки" not in html
    assert f'value="http://testserver{community.url}feed.ics"' in html
    assert f"/events/?community={community.pk}" in html
    assert "{#" not in html and "{%" not in html


def test_the_index_lists_communities_with_figures_and_filters(community_index, calendar, client):
    district = MunicipalityFactory(name="Южный район")
    school = SchoolFactory(municipality=district)
    municipal = f.make_community(
        community_index,
        title="ММО учителей русского языка",
        subjects=["russian"],
        municipality=district,
        schools=[(school, 4)],
    )
    f.make_community(community_index, title="Клуб директоров", kind=CommunityPage.Kind.LEADERS_CLUB)
    f.make_community(community_index, title="Черновик сообщества", publish_now=False)
    f.make_event(calendar, title="Заседание", start=f.at(6), community=municipal)

    def titles(query=""):
        html = main(client.get(f"/communities/?{query}"))
        return {
            title
            for title in ("ММО учителей русского языка", "Клуб директоров", "Черновик сообщества")
            if title in html
        }

    html = main(client.get("/communities/"))
    assert "Школ: 1, педагогов: 4" in html and "Ближайшее мероприятие" in html
    assert titles() == {"ММО учителей русского языка", "Клуб директоров"}
    assert titles("kind=leaders_club") == {"Клуб директоров"}
    assert titles(f"municipality={district.pk}") == {"ММО учителей русского языка"}
    assert titles("subject=russian") == {"ММО учителей русского языка"}
    hostile = client.get("/communities/?kind=" + "x" * 5000 + "&municipality=abc")
    assert "не распознаны" in main(hostile)
