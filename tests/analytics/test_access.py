"""Who may see which analytics: the access matrix over every analytics URL, scoped exports,
chart data without other municipalities' school names, and the access log."""

import csv
import io

import pytest
from openpyxl import load_workbook

from django.test import Client

from analytics.access import Level, scope_for
from analytics.models import AccessLog, ComputationRun, SchoolYearResult
from analytics.views.common import latest_run
from base.roles import METHODISTS, MUNICIPAL_SPECIALISTS
from tests.factories import surveys
from tests.factories.analytics import municipal_specialist, region, regional_analyst, school_leader
from tests.factories.users import superuser, user_in

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/?next="


@pytest.fixture
def places(home):
    """A computed region of three municipalities and one account per role around it.

    The municipal specialist has the largest municipality; the school leader one of its schools;
    ``neighbour`` is another school of it, ``outside`` a school of the next municipality.
    """
    built = region()
    own, other = built.municipalities[0], built.municipalities[1]
    leader, neighbour = built.schools_of(own)[:2]
    outside = built.schools_of(other)[0]
    survey = surveys.satisfaction_survey()
    return {
        # A survey of all three schools, and one of the next municipality's school only.
        "campaign": surveys.campaign(survey, [leader, neighbour, outside]).pk,
        "elsewhere": surveys.campaign(survey, [outside], title="Только соседи").pk,
        "region": built,
        "own": own,
        "other": other,
        "leader": leader.code,
        "neighbour": neighbour.code,
        "outside": outside.code,
        "outside_name": outside.name,
        "people": {
            "methodist": user_in(METHODISTS),
            # A municipal specialist whose account nobody attached to a municipality: sees nothing.
            "no_profile": user_in(MUNICIPAL_SPECIALISTS),
            "analyst": regional_analyst(),
            "municipal": municipal_specialist(own),
            "school": school_leader(leader),
            "admin": superuser(),
        },
    }


def login(client, places, role):
    if role != "anonymous":
        client.force_login(places["people"][role])
    return places["people"].get(role)


ROLES = ["anonymous", "methodist", "no_profile", "analyst", "municipal", "school", "admin"]
# url template -> expected status per role, in ROLES order; "L" = redirect to login,
# "P" = redirect to the school leader's own passport.
MATRIX = {
    "/analytics/": ["L", 403, 403, 200, 200, "P", 200],
    "/analytics/?year={first_year}": ["L", 403, 403, 200, 200, "P", 200],
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
    "/analytics/programme/": ["L", 403, 403, 200, 200, 403, 200],
    "/analytics/programme/export.csv": ["L", 403, 403, 200, 200, 403, 200],
    "/analytics/programme/export.xlsx?kind=shortfalls": ["L", 403, 403, 200, 200, 403, 200],
    "/analytics/programme/targets/trained_staff/": ["L", 403, 403, 200, 200, 403, 200],
    "/analytics/programme/targets/nonsense/": ["L", 403, 403, 404, 404, 403, 404],
    "/analytics/programme/report.pdf": ["L", 403, 403, 200, 200, 403, 200],
    "/analytics/programme/report.pdf?municipality={other}": ["L", 403, 403, 200, 404, 403, 200],
    "/analytics/surveys/": ["L", 403, 403, 200, 200, 200, 200],
    "/analytics/surveys/{campaign}/": ["L", 403, 403, 200, 200, 200, 200],
    "/analytics/surveys/{elsewhere}/": ["L", 403, 403, 200, 404, 404, 200],
    "/analytics/surveys/99999999999999999999999/": ["L", 403, 403, 404, 404, 404, 404],
    "/analytics/surveys/{campaign}/export.csv": ["L", 403, 403, 200, 200, 200, 200],
    "/analytics/surveys/{campaign}/export.xlsx?kind=questions": ["L", 403, 403, 200, 200, 200, 200],
    "/analytics/surveys/{elsewhere}/export.csv": ["L", 403, 403, 200, 404, 404, 200],
    "/analytics/surveys/{campaign}/schools/{leader}/": ["L", 403, 403, 200, 200, 200, 200],
    "/analytics/surveys/{campaign}/schools/{neighbour}/": ["L", 403, 403, 200, 200, 404, 200],
    "/analytics/surveys/{campaign}/schools/{outside}/": ["L", 403, 403, 200, 404, 404, 200],
    "/analytics/surveys/{campaign}/links/": ["L", 403, 403, 200, 200, 200, 200],
    "/analytics/surveys/{campaign}/links/{leader}/": ["L", 403, 403, 200, 200, 200, 200],
    "/analytics/surveys/{campaign}/links/{outside}/": ["L", 403, 403, 200, 404, 404, 200],
    "/analytics/surveys/{campaign}/links/{outside}/qr.svg": ["L", 403, 403, 200, 404, 404, 200],
}


def _url(template, places):
    return template.format(
        leader=places["leader"],
        neighbour=places["neighbour"],
        outside=places["outside"],
        own=places["own"].pk,
        other=places["other"].pk,
        first_year=min(places["region"].years),
        campaign=places["campaign"],
        elsewhere=places["elsewhere"],
    )


def _outcome(response, places):
    """The status as the matrix writes it: "L" and "P" for the two redirects it expects."""
    if response.status_code == 302 and response["Location"].startswith(LOGIN):
        return "L"
    if response.status_code == 302 and response["Location"] == f"/analytics/schools/{places['leader']}/":
        return "P"
    return response.status_code


@pytest.mark.parametrize("template", list(MATRIX))
def test_access_matrix(places, template):
    """Every role against one URL (one region per URL, seven fresh clients on it)."""
    url = _url(template, places)
    wrong = []
    for role, expected in zip(ROLES, MATRIX[template], strict=True):
        client = Client()
        login(client, places, role)
        response = client.get(url)
        got = _outcome(response, places)
        if got != expected:
            wrong.append((role, f"expected {expected}, got {got}"))
        if response.status_code in (403, 404) and not url.endswith("/chart/") and "/charts/" not in url:
            # Refusals never carry school-level data (the address itself may be echoed back).
            body = response.content.decode()
            if places["outside_name"] in body or "Индекс качества" in body:
                wrong.append((role, "the refusal shows school-level data"))
    assert wrong == [], url


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", "L"), ("methodist", 403), ("analyst", 302), ("municipal", 403), ("school", 403), ("admin", 302)],
)
def test_recompute_is_a_permission_gated_post(client, places, role, expected):
    login(client, places, role)
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


def test_recompute_refuses_get_and_requires_csrf(places):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(places["people"]["admin"])
    assert strict.get("/analytics/runs/recompute/").status_code == 405
    assert strict.post("/analytics/runs/recompute/").status_code == 403


def test_regional_analysts_may_recompute_through_their_group(client, places):
    analyst = places["people"]["analyst"]
    assert analyst.has_perm("analytics.run_computation")
    assert scope_for(analyst).can_recompute
    client.force_login(analyst)
    assert 'action="/analytics/runs/recompute/"' in client.get("/analytics/runs/").content.decode()


def test_recompute_button_hidden_without_permission(client, places):
    login(client, places, "municipal")
    assert "/analytics/runs/recompute/" not in client.get("/analytics/runs/").content.decode()


def test_scope_rules(places):
    users = places["people"]
    assert scope_for(users["analyst"]).level == Level.REGION
    assert scope_for(users["admin"]).level == Level.REGION
    municipal = scope_for(users["municipal"])
    assert (municipal.level, municipal.municipality_id) == (Level.MUNICIPALITY, places["own"].pk)
    assert set(municipal.schools()) == set(places["region"].schools_of(places["own"]))
    school = scope_for(users["school"])
    assert school.level == Level.SCHOOL
    assert [s.code for s in school.schools()] == [places["leader"]]
    assert scope_for(users["methodist"]).level == Level.NONE
    assert scope_for(users["no_profile"]).level == Level.NONE
    assert scope_for(users["no_profile"]).schools().count() == 0


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    reader = csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";")
    header = next(reader)
    return header, list(reader)


def test_municipal_export_contains_exactly_own_municipality(client, places):
    login(client, places, "municipal")
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


def test_municipal_cannot_widen_export_with_another_municipality_filter(client, places):
    login(client, places, "municipal")
    _header, rows = _csv_rows(client.get(f"/analytics/schools/export.csv?municipality={places['other'].pk}"))
    assert rows == []


def test_filtered_export_matches_the_filtered_list(client, places):
    login(client, places, "analyst")
    run = latest_run()
    year = min(run.years)
    query = f"year={year}&flag=low_results&flag=unfavourable&sort=-quality_index"
    header, rows = _csv_rows(client.get(f"/analytics/schools/export.csv?{query}"))
    expected = list(
        SchoolYearResult.objects.filter(run=run, year=year, low_results=True, unfavourable=True)
        .order_by("-quality_index", "school__code")
        .values_list("school__code", flat=True)
    )
    assert expected, "the region should have schools that are both ШНОР and ШФНСУ"
    assert [row[0] for row in rows] == expected
    page = client.get(f"/analytics/schools/?{query}").content.decode()
    assert f"Найдено школ: <strong>{len(expected)}</strong>" in page

    workbook = load_workbook(io.BytesIO(client.get(f"/analytics/schools/export.xlsx?{query}").content))
    sheet = workbook.active
    values = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in values[1:]] == expected


def test_scatter_data_names_only_schools_in_scope(client, places):
    login(client, places, "municipal")
    figure = client.get("/analytics/charts/scatter/").json()
    labels = [label for trace in figure["data"] for label in trace["text"]]
    assert any(places["neighbour"] in label for label in labels)
    assert not any(places["outside"] in label for label in labels)
    assert "школа другого муниципалитета" in labels


def test_views_and_exports_are_logged(client, places):
    municipal = login(client, places, "municipal")
    AccessLog.objects.all().delete()
    client.get(f"/analytics/schools/{places['neighbour']}/")
    client.get(f"/analytics/schools/{places['neighbour']}/pdf/")
    response = client.get("/analytics/schools/export.csv")
    _header, rows = _csv_rows(response)
    client.get("/analytics/charts/histogram/")
    logs = list(AccessLog.objects.order_by("created_at", "pk"))
    assert [log.action for log in logs] == ["view", "pdf", "export", "chart"]
    assert {log.username for log in logs} == {municipal.username}
    assert logs[0].object_ref == places["neighbour"]
    assert logs[2].rows == len(rows)
    assert logs[0].path == f"/analytics/schools/{places['neighbour']}/"
