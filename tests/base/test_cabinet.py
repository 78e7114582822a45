"""Staff find their way in: «Войти» everywhere, a cabinet by role, who is signed in, «Выйти»."""

import pytest

from base.roles import CONSULTANTS, EXPERTS, METHODISTS, REGIONAL_ANALYSTS
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_see_the_sign_in_link(client, home):
    page = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in page
    assert "Выйти" not in page


def test_signing_in_without_next_lands_in_the_cabinet(client, home):
    UserFactory(username="anna", groups=[REGIONAL_ANALYSTS])
    response = client.post(
        "/accounts/login/", {"username": "anna", "password": "test-password"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 302
    assert response["Location"] == "/cabinet/"


def test_the_analysts_cabinet_leads_to_the_region_dashboard(client, home):
    analyst = UserFactory(first_name="Анна", last_name="Белова", groups=[REGIONAL_ANALYSTS])
    client.force_login(analyst)
    response = client.get("/cabinet/")
    page = response.content.decode()
    assert 'href="/analytics/"' in page
    assert "Анна Белова" in page
    assert "Выйти" in page
    assert "no-store" in response["Cache-Control"]


def test_an_expert_is_led_to_the_review_tasks_and_sees_no_analytics(client, home):
    client.force_login(UserFactory(groups=[EXPERTS]))
    page = client.get("/cabinet/").content.decode()
    assert "Экспертиза" in page
    assert 'href="/admin/"' in page
    assert "/analytics/" not in page


def test_a_methodist_sees_the_site_admin(client, home):
    client.force_login(UserFactory(groups=[METHODISTS]))
    page = client.get("/cabinet/").content.decode()
    assert "Панель управления" in page


def test_a_person_without_a_role_is_told_whom_to_ask(client, home):
    client.force_login(UserFactory())
    page = client.get("/cabinet/").content.decode()
    assert "нет рабочих разделов" in page


def test_the_cabinet_asks_anonymous_visitors_to_sign_in(client, home):
    response = client.get("/cabinet/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/cabinet/")


def test_signing_out_from_the_header_ends_the_session(client, home):
    client.force_login(UserFactory(groups=[CONSULTANTS]))
    assert "Выйти" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert client.get("/cabinet/").status_code == 302


def test_a_consultant_is_led_to_the_parents_requests(client, home):
    client.force_login(UserFactory(groups=[CONSULTANTS]))
    page = client.get("/cabinet/").content.decode()
    assert "Обращения родителей" in page
    assert 'href="/admin/parents/requests/"' in page


def test_a_methodist_is_led_to_registrations_and_attendance(client, home):
    client.force_login(UserFactory(groups=[METHODISTS]))
    page = client.get("/cabinet/").content.decode()
    assert "Регистрации и посещаемость" in page
    assert 'href="/admin/communities/registrations/"' in page
