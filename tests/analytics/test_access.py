"""Who may see which analytics: the access matrix over every analytics URL, scoped exports,
chart data without other municipalities' school names, and the access log."""

import csv
import io

import pytest
from openpyxl import load_workbook

from django.contrib.auth.models import Group

from analytics.access import Level, scope_for
from analytics.models import AccessLog, ComputationRun, SchoolYearResult
from analytics.views.common import latest_run
from registry.models import Municipality, School, StaffProfile

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/?next="


@pytest.fixture
def places(demo_site):
    """Schools and municipalities around the demo accounts' scopes."""
    own = StaffProfile.objects.get(user__username="municipal").municipality
    leader_school = StaffProfile.objects.get(user__username="school").school
    neighbour = School.objects.filter(municipality=own).exclude(pk=leader_school.pk).order_by("code").first()
    other_municipality = Municipality.objects.exclude(pk=own.pk).order_by("name").first()
    outside = School.objects.filter(municipality=other_municipality).order_by("code").first()
    return {
        "own": own,
        "other": other_municipality,
        "leader": leader_school.code,
        "neighbour": neighbour.code,
        "outside": outside.code,
        "outside_name": outside.name,
    }


@pytest.fixture
def no_profile_user(django_user_model):
    """A municipal specialist whose account nobody attached to a municipality: sees nothing."""
    user = django_user_model.objects.create_user("halfdone", password="x")
    user.groups.add(Group.objects.get(name="Муниципальные специалисты"))
    return user


def login(client, django_user_model, role, no_profile_user=None):
    if role == "anonymous":
        return
    if role == "no_profile":
        client.force_login(no_profile_user)
        return
    client.force_login(django_user_model.objects.get(username=role))


ROLES = ["anonymous", "methodist", "no_profile", "analyst", "municipal", "school", "admin"]
# url template -> expected status per role, in ROLES order; "L" = redirect to login,
# "P" = redirect to the school leader's own passport.
MATRIX = {
    "/analytics/": ["L", 403, 403, 200, 200, "P", 200],
    "/analytics/?year=2024": ["L", 403, 403, 200, 200, "P", 200],
    "/analytics/schools/": ["L", 403, 403, 200, 200, 403, 200],
    "/analytics/schools/?flag=low_results&sort=-quality_index": ["L", 403, 403, 200, 200, 403, 200],
    "/analytics/schools/export.csv": ["L", 403, 403, 200, 200, 403, 200],
    "/analytics/schools/export.xlsx": ["L", 403, 403, 200, 200, 403, 200],
    "/analytics/charts/histogram/": ["L", 403, 403, 200, 200, 403, 200],
    "/analytics/charts/scatter/": ["L", 403, 403, 200, 200, 403, 200],
    "/analytics/charts/gap/": ["L", 403, 403, 200, 200, 403, 200],
    "/analytics/charts/trends/": ["L", 403, 403, 200, 200, 403, 200],
    "/analytics/charts/nonsense/": ["L", 403, 403, 404, 404, 403, 404],
    "/analytics/schools/{leader}/": ["L", 403, 403, 200, 200, 200, 200],
    "/analytics/schools/{leader}/chart/": ["L", 403, 403, 200, 200, 200, 200],
    "/analytics/schools/{leader}/pdf/": ["L", 403, 403, 200, 200, 200, 200],
    "/analytics/schools/{neighbour}/": ["L", 403, 403, 200, 200, 404, 200],
    "/analytics/schools/{neighbour}/pdf/": ["L", 403, 403, 200, 200, 404, 200],
    "/analytics/schools/{outside}/": ["L", 403, 403, 200, 404, 404, 200],
    "/analytics/schools/{outside}/chart/": ["L", 403, 403, 200, 404, 404, 200],
    "/analytics/schools/{outside}/pdf/": ["L", 403, 403, 200, 404, 404, 200],
    "/analytics/schools/NO-SUCH-SCHOOL/": ["L", 403, 403, 404, 404, 404, 404],
    "/analytics/municipalities/{own}/": ["L", 403, 403, 200, 200, 403, 200],
    "/analytics/municipalities/{other}/": ["L", 403, 403, 200, 404, 403, 200],
    "/analytics/regression/": ["L", 403, 403, 200, 200, 403, 200],
    "/analytics/runs/": ["L", 403, 403, 200, 200, 403, 200],
}


def _url(template, places):
    return template.format(
        leader=places["leader"],
        neighbour=places["neighbour"],
        outside=places["outside"],
        own=places["own"].pk,
        other=places["other"].pk,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("template", list(MATRIX))
def test_access_matrix(client, django_user_model, places, no_profile_user, role, template):
    url = _url(template, places)
    login(client, django_user_model, role, no_profile_user)
    expected = MATRIX[template][ROLES.index(role)]
    response = client.get(url)
    if expected == "L":
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
    elif expected == "P":
        assert response.status_code == 302
        assert response["Location"] == f"/analytics/schools/{places['leader']}/"
    else:
        assert response.status_code == expected, url
    if response.status_code in (403, 404) and not url.endswith("/chart/") and "/charts/" not in url:
        # Refusals never carry school-level data (the address itself may be echoed back).
        body = response.content.decode()
        assert places["outside_name"] not in body
        assert "Индекс качества" not in body


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", "L"), ("methodist", 403), ("analyst", 302), ("municipal", 403), ("school", 403), ("admin", 302)],
)
def test_recompute_is_a_permission_gated_post(client, django_user_model, role, expected):
    login(client, django_user_model, role)
    before = ComputationRun.objects.count()
    response = client.post("/analytics/runs/recompute/")
    if expected == "L":
        assert response["Location"].startswith(LOGIN)
    else:
        assert response.status_code == expected
    if expected == 302:
        assert response["Location"] == "/analytics/runs/"
        assert ComputationRun.objects.count() == before + 1
        assert latest_run().source == "web"
        page = client.get("/analytics/runs/")
        assert "выполнен" in page.content.decode()
    else:
        assert ComputationRun.objects.count() == before


def test_recompute_refuses_get_and_requires_csrf(django_user_model):
    from django.test import Client

    admin = django_user_model.objects.get(username="admin")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin)
    assert strict.get("/analytics/runs/recompute/").status_code == 405
    assert strict.post("/analytics/runs/recompute/").status_code == 403


def test_regional_analysts_may_recompute_through_their_group(client, django_user_model):
    analyst = django_user_model.objects.get(username="analyst")
    assert analyst.has_perm("analytics.run_computation")
    assert scope_for(analyst).can_recompute
    client.force_login(analyst)
    assert 'action="/analytics/runs/recompute/"' in client.get("/analytics/runs/").content.decode()


def test_recompute_button_hidden_without_permission(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="municipal"))
    assert "/analytics/runs/recompute/" not in client.get("/analytics/runs/").content.decode()


def test_scope_rules(django_user_model, no_profile_user):
    users = {u.username: u for u in django_user_model.objects.all()}
    assert scope_for(users["analyst"]).level == Level.REGION
    assert scope_for(users["admin"]).level == Level.REGION
    assert scope_for(users["municipal"]).level == Level.MUNICIPALITY
    assert scope_for(users["school"]).level == Level.SCHOOL
    assert scope_for(users["methodist"]).level == Level.NONE
    assert scope_for(no_profile_user).level == Level.NONE
    assert scope_for(no_profile_user).schools().count() == 0


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    reader = csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";")
    header = next(reader)
    return header, list(reader)


def test_municipal_export_contains_exactly_own_municipality(client, django_user_model, places):
    client.force_login(django_user_model.objects.get(username="municipal"))
    response = client.get("/analytics/schools/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, rows = _csv_rows(response)
    run = latest_run()
    year = max(run.years)
    expected = set(
        SchoolYearResult.objects.filter(run=run, year=year, school__municipality=places["own"]).values_list(
            "school__code", flat=True
        )
    )
    codes = [row[header.index("Код школы")] for row in rows]
    assert len(codes) == len(set(codes))
    assert set(codes) == expected
    assert {row[header.index("Муниципалитет")] for row in rows} == {places["own"].name}
    assert places["outside"] not in codes


def test_municipal_cannot_widen_export_with_another_municipality_filter(client, django_user_model, places):
    client.force_login(django_user_model.objects.get(username="municipal"))
    _header, rows = _csv_rows(client.get(f"/analytics/schools/export.csv?municipality={places['other'].pk}"))
    assert rows == []


def test_filtered_export_matches_the_filtered_list(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="analyst"))
    run = latest_run()
    year = min(run.years)
    query = f"year={year}&flag=low_results&flag=unfavourable&sort=-quality_index"
    header, rows = _csv_rows(client.get(f"/analytics/schools/export.csv?{query}"))
    expected = list(
        SchoolYearResult.objects.filter(run=run, year=year, low_results=True, unfavourable=True)
        .order_by("-quality_index", "school__code")
        .values_list("school__code", flat=True)
    )
    assert [row[0] for row in rows] == expected
    page = client.get(f"/analytics/schools/?{query}").content.decode()
    assert f"Найдено школ: <strong>{len(expected)}</strong>" in page

    workbook = load_workbook(io.BytesIO(client.get(f"/analytics/schools/export.xlsx?{query}").content))
    sheet = workbook.active
    values = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in values[1:]] == expected


def test_scatter_data_names_only_schools_in_scope(client, django_user_model, places):
    client.force_login(django_user_model.objects.get(username="municipal"))
    figure = client.get("/analytics/charts/scatter/").json()
    labels = [label for trace in figure["data"] for label in trace["text"]]
    assert any(places["neighbour"] in label for label in labels)
    assert not any(places["outside"] in label for label in labels)
    assert "школа другого муниципалитета" in labels


def test_views_and_exports_are_logged(client, django_user_model, places):
    client.force_login(django_user_model.objects.get(username="municipal"))
    AccessLog.objects.all().delete()
    client.get(f"/analytics/schools/{places['neighbour']}/")
    client.get(f"/analytics/schools/{places['neighbour']}/pdf/")
    response = client.get("/analytics/schools/export.csv")
    _header, rows = _csv_rows(response)
    client.get("/analytics/charts/histogram/")
    logs = list(AccessLog.objects.order_by("created_at", "pk"))
    assert [log.action for log in logs] == ["view", "pdf", "export", "chart"]
    assert {log.username for log in logs} == {"municipal"}
    assert logs[0].object_ref == places["neighbour"]
    assert logs[2].rows == len(rows)
    assert logs[0].path == f"/analytics/schools/{places['neighbour']}/"
