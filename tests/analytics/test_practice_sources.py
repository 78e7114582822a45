"""«Резильентные и эффективные школы без практик»: who the library should ask for a practice.

A hand-made computation: in its latest year (2025) one school is resilient and above expectation,
two more are above expectation (one of them with a published practice, so not listed), one is
resilient with a practice only in draft (listed, with a note), one is ordinary. Resilient
schools come first; the year before does not count.
"""

import csv
import io

import pytest

from django.urls import reverse
from django.utils import timezone

from analytics.models import AccessLog, ComputationRun, SchoolYearResult
from analytics.sources import EFFECTIVE, TITLE, practice_sources
from base.roles import CONSULTANTS, EXPERTS, METHODISTS
from tests.factories.analytics import municipal_specialist, regional_analyst, school_leader
from tests.factories.library import make_practice
from tests.factories.registry import MunicipalityFactory, SchoolFactory
from tests.factories.users import superuser, user_in

pytestmark = pytest.mark.django_db

URL = "/admin/programme/practice-sources/"


def computed(rows, years=(2024, 2025), status=ComputationRun.Status.SUCCESS):
    run = ComputationRun.objects.create(
        started_at=timezone.now(),
        status=status,
        input_fingerprint="0" * 64,
        engine_version="test",
        years=list(years),
    )
    for school, year, fields in rows:
        SchoolYearResult.objects.create(run=run, school=school, year=year, **fields)
    return run


@pytest.fixture
def schools(home):
    east, west = MunicipalityFactory(name="Восточный район"), MunicipalityFactory(name="Западный район")
    made = {
        "resilient": SchoolFactory(code="P1", name="Школа резильентная", municipality=east),
        "effective": SchoolFactory(code="P2", name="Школа эффективная", municipality=west),
        "published": SchoolFactory(code="P3", name="Школа с практикой", municipality=west),
        "drafting": SchoolFactory(code="P4", name="Школа с черновиком", municipality=east),
        "ordinary": SchoolFactory(code="P5", name="Школа обычная", municipality=east),
        "last_year": SchoolFactory(code="P6", name="Школа прошлого года", municipality=east),
    }
    computed(
        [
            (
                made["resilient"],
                2025,
                {"resilient": True, "effectiveness": "above", "residual_z": 1.2, "quality_group": 7, "isbs_group": 2},
            ),
            (
                made["effective"],
                2025,
                {"effectiveness": "above", "residual_z": 2.4, "quality_group": 9, "isbs_group": 6},
            ),
            (made["published"], 2025, {"effectiveness": "above", "residual_z": 3.0, "quality_group": 10}),
            (made["drafting"], 2025, {"resilient": True, "quality_group": 6, "isbs_group": 1}),
            (made["ordinary"], 2025, {"effectiveness": "as_expected", "quality_group": 5}),
            (made["last_year"], 2024, {"resilient": True, "effectiveness": "above"}),
            (made["last_year"], 2025, {"effectiveness": "below"}),
        ]
    )
    make_practice("Проектные недели", school=made["published"])
    make_practice("Черновик практики", school=made["drafting"], publish_now=False)
    return made


def test_the_list_holds_resilient_and_effective_schools_without_a_live_practice(schools):
    sources = practice_sources()
    assert sources.year == 2025
    assert [s.school.code for s in sources.schools] == ["P1", "P4", "P2"]
    by_code = {s.school.code: s for s in sources.schools}
    assert by_code["P4"].practice_in_review and not by_code["P1"].practice_in_review
    assert by_code["P1"].reasons[0].startswith("Резильентная")
    assert by_code["P2"].reasons == [EFFECTIVE + " (z добавленной ценности 2,40)"]


def test_an_analyst_sees_the_list_with_groups_reasons_and_a_count(client, schools):
    client.force_login(regional_analyst())
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert TITLE in page
    assert '<strong id="practice-sources-count">3</strong>' in page
    table = page[page.index('id="practice-sources"') :]
    for name in ("Школа резильентная", "Школа эффективная", "Школа с черновиком", "Восточный район"):
        assert name in table
    for name in ("Школа с практикой", "Школа обычная", "Школа прошлого года"):
        assert name not in table
    assert "Практика школы уже готовится" in table
    assert reverse("analytics:school", args=["P1"]) in table  # analysts may open the passport
    assert table.index("Школа с черновиком") < table.index("Школа эффективная")
    log = AccessLog.objects.get()
    assert (log.action, log.object_ref, log.rows) == ("view", "practice-sources", 3)


@pytest.mark.parametrize("group_name", [METHODISTS, EXPERTS])
def test_those_who_write_practices_see_it_without_passport_links(client, schools, group_name):
    client.force_login(user_in(group_name))
    page = client.get(URL).content.decode()
    assert "Школа резильентная" in page
    assert reverse("analytics:school", args=["P1"]) not in page


def test_others_are_refused(client, schools):
    municipality = schools["resilient"].municipality
    for user in (user_in(CONSULTANTS), municipal_specialist(municipality), school_leader(schools["resilient"])):
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code in (302, 403), user
        assert "Школа резильентная" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, schools):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_list_downloads_as_csv_and_xlsx(client, schools):
    client.force_login(superuser())
    response = client.get(URL, {"export": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="practice-sources-2025.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Код школы", "Школа", "Муниципалитет"]
    assert [row[0] for row in rows[1:]] == ["P1", "P4", "P2"]
    assert (rows[1][-1], rows[2][-1]) == ("", "да")
    response = client.get(URL, {"export": "xlsx"})
    assert response.content[:2] == b"PK"
    assert AccessLog.objects.filter(action="export").count() == 2


def test_the_menu_item_is_shown_to_methodists(rf, schools):
    from wagtail.admin.menu import admin_menu

    def items(user):
        request = rf.get("/admin/")
        request.user = user
        group = next((i for i in admin_menu.menu_items_for_request(request) if i.label == "Программа"), None)
        return {item.label for item in group.menu.menu_items_for_request(request)} if group else set()

    assert items(user_in(METHODISTS)) == {TITLE}
    assert TITLE in items(regional_analyst())
    assert TITLE not in items(municipal_specialist(schools["resilient"].municipality))


def test_without_a_successful_computation_the_page_says_so(client, home):
    computed([], status=ComputationRun.Status.FAILED)
    client.force_login(regional_analyst())
    response = client.get(URL)
    assert response.status_code == 200
    assert "успешного расчёта пока нет" in response.content.decode()
