"""Object-level access on analytics: ids, codes and filters a user types into the address never
reach a school, a municipality or an upload outside their scope.

The role x URL matrix (status codes per role, the scoped export, the unnamed chart points) is
in tests/analytics/test_access.py; here every school outside the viewer's scope carries a
marker in its name, and no page, export, chart or PDF the viewer can get may show it.
"""

import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from registry.models import Municipality, School
from tests.factories.analytics import municipal_specialist, region, regional_analyst, school_leader

pytestmark = pytest.mark.django_db

FOREIGN_SCHOOL = "Чужая школа"
NEIGHBOUR_SCHOOL = "Соседняя школа"
FOREIGN_AREA = "Чужой район"


@pytest.fixture
def places(home):
    """A computed region; outside the first municipality every school and area is marked.

    The municipal specialist has the first municipality, the school leader one of its schools;
    the leader's neighbours (the rest of that municipality) are marked for the leader's checks.
    """
    cache.clear()  # chart figures are cached per run id, which the rolled-back tests reuse
    built = region()
    own = built.municipalities[0]
    leader_school, *neighbours = built.schools_of(own)
    foreign = [s for s in built.schools if s.municipality_id != own.pk]
    for number, school in enumerate(foreign):
        School.objects.filter(pk=school.pk).update(name=f"{FOREIGN_SCHOOL} {number}")
    for number, school in enumerate(neighbours):
        School.objects.filter(pk=school.pk).update(name=f"{NEIGHBOUR_SCHOOL} {number}")
    for number, municipality in enumerate(built.municipalities[1:]):
        Municipality.objects.filter(pk=municipality.pk).update(name=f"{FOREIGN_AREA} {number}")
    return {
        "region": built,
        "own": own,
        "other": built.municipalities[1],
        "leader_school": leader_school,
        "neighbours": neighbours,
        "foreign": foreign,
        "municipal": municipal_specialist(own),
        "leader": school_leader(leader_school),
    }


def text_of(response) -> str:
    """What the response shows, whatever its format (HTML, JSON, CSV, XLSX, PDF)."""
    content_type = response["Content-Type"]
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        sheet = load_workbook(io.BytesIO(raw)).active
        return "\n".join(" ".join(str(value) for value in row) for row in sheet.iter_rows(values_only=True))
    if content_type.startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages)
    return raw.decode("utf-8")


def csv_codes(response) -> list[str]:
    reader = csv.reader(io.StringIO(text_of(response).lstrip("\ufeff")), delimiter=";")
    next(reader)
    return [row[0] for row in reader]


def test_a_municipal_specialist_cannot_reach_other_schools_through_filters(places):
    client = Client()
    client.force_login(places["municipal"])
    outside = places["foreign"][0]
    own, other = places["own"].pk, places["other"].pk
    queries = [
        f"q={outside.code}",
        f"q={outside.code.lower()}",
        "q=Чужая",  # part of the marked names (the whole marker would be echoed in the form)
        f"municipality={other}",
        f"municipality={own}&municipality={other}",
        f"municipality={other}&q={outside.code}",
        f"cluster=&q=&municipality={other}&sort=-quality_index",
    ]
    for query in queries:
        for url in ("/analytics/schools/", "/analytics/schools/export.csv", "/analytics/schools/export.xlsx"):
            response = client.get(f"{url}?{query}")
            assert response.status_code == 200, (url, query)
            body = text_of(response)
            assert FOREIGN_SCHOOL not in body and FOREIGN_AREA not in body, (url, query)
        # (The HTML list echoes the typed code in its forms; its rows are what the export has.)
        assert csv_codes(client.get(f"/analytics/schools/export.csv?{query}")) == [], query
    for chart in ("histogram", "scatter", "gap", "trends"):
        response = client.get(f"/analytics/charts/{chart}/?municipality={other}&school={outside.code}")
        assert response.status_code == 200
        assert FOREIGN_SCHOOL not in text_of(response), chart


def test_no_passport_names_a_school_or_area_outside_the_specialist_s_municipality(home):
    """Peers and the suggested partner may lie in another municipality: they are shown unnamed."""
    cache.clear()
    built = region()
    areas = ["Округ-А", "Округ-Б", "Округ-В"]
    for area, municipality in zip(areas, built.municipalities, strict=True):
        Municipality.objects.filter(pk=municipality.pk).update(name=area)
        for number, school in enumerate(built.schools_of(municipality)):
            School.objects.filter(pk=school.pk).update(name=f"{area} школа {number}")
    unnamed = 0
    for area, municipality in zip(areas, built.municipalities, strict=True):
        client = Client()
        client.force_login(municipal_specialist(municipality))
        elsewhere = [other for other in areas if other != area]
        for school in built.schools_of(municipality):
            for suffix in ("", "chart/", "pdf/"):
                response = client.get(f"/analytics/schools/{school.code}/{suffix}")
                assert response.status_code == 200, (school.code, suffix)
                body = text_of(response)
                assert not [other for other in elsewhere if other in body], (area, school.code, suffix)
                unnamed += "вне вашей области доступа" in body
        body = text_of(client.get(f"/analytics/municipalities/{municipality.pk}/"))
        assert not [other for other in elsewhere if other in body], area
    assert unnamed, "some passport should show a peer or partner from another municipality (unnamed)"


def test_a_school_leader_sees_nothing_of_any_other_school(places):
    client = Client()
    client.force_login(places["leader"])
    own = places["leader_school"].code
    for suffix in ("", "chart/", "pdf/"):
        response = client.get(f"/analytics/schools/{own}/{suffix}")
        assert response.status_code == 200, suffix
        body = text_of(response)
        for marker in (FOREIGN_SCHOOL, NEIGHBOUR_SCHOOL, FOREIGN_AREA):
            assert marker not in body, (suffix, marker)
    others = [places["neighbours"][0], places["foreign"][0]]
    for school in others:
        for suffix in ("", "chart/", "pdf/"):
            response = client.get(f"/analytics/schools/{school.code}/{suffix}")
            assert response.status_code == 404, (school.code, suffix)
            assert school.name not in response.content.decode()
    refused = [
        f"/analytics/municipalities/{places['own'].pk}/",
        f"/analytics/schools/?q={places['neighbours'][0].code}",
        f"/analytics/schools/export.csv?q={places['neighbours'][0].code}",
        "/analytics/charts/scatter/",
    ]
    for url in refused:
        response = client.get(url)
        assert response.status_code == 403, url
        assert NEIGHBOUR_SCHOOL not in response.content.decode() and FOREIGN_SCHOOL not in response.content.decode()


@pytest.mark.parametrize("viewer", ["municipal", "leader"])
def test_a_school_code_written_another_way_is_still_out_of_scope(places, viewer):
    client = Client()
    client.force_login(places[viewer])
    code = places["foreign"][0].code
    homoglyph = code.replace("R", "Р")  # Cyrillic Er
    variants = [code.lower(), f" {code}", f"{code} ", f"{code}%20", homoglyph, f"{code}/..", f"..%2F{code}"]
    variants += [f"{places['leader_school'].code}/../{code}", f"{places['leader_school'].code}%2F..%2F{code}"]
    for variant in variants:
        for suffix in ("", "chart/", "pdf/"):
            response = client.get(f"/analytics/schools/{variant}/{suffix}")
            assert response.status_code in (403, 404), (variant, suffix, response.status_code)
            body = response.content.decode(errors="replace")
            # (The address itself is echoed in the header's form; the school's data is not.)
            assert FOREIGN_SCHOOL not in body and "Индекс качества" not in body, (variant, suffix)


def test_an_upload_waiting_for_confirmation_belongs_to_its_uploader_only(places, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    first, second = Client(), Client()
    first.force_login(regional_analyst(username="analyst-a"))
    second.force_login(regional_analyst(username="analyst-b"))
    data = f"code,name,municipality\nT0001,Тайная школа,{places['own'].name}\n".encode()
    response = first.post("/admin/analytics/import/", {"kind": "schools", "file": SimpleUploadedFile("s.csv", data)})
    assert response.status_code == 302, response.content.decode()[:1000]
    pending = response["Location"]
    for method, url in (("get", pending), ("post", f"{pending}confirm/"), ("post", f"{pending}cancel/")):
        response = getattr(second, method)(url, follow=True)
        assert "Тайная школа" not in response.content.decode(), url
    assert not School.objects.filter(code="T0001").exists()
    # The uploader's own preview is untouched by the other's attempts.
    assert "Тайная школа" in first.get(pending).content.decode()


@pytest.mark.parametrize("viewer", ["municipal", "leader"])
def test_the_admin_tables_of_school_data_are_closed_to_the_scoped_roles(places, viewer):
    """The scoped roles enter the admin for their programme records only: the registry and the
    measured tables stay closed, and the import page offers programme tables without a foreign school."""
    client = Client()
    client.force_login(places[viewer])
    outside = places["foreign"][0]
    closed = [
        "/admin/snippets/registry/school/",
        f"/admin/snippets/registry/school/edit/{outside.pk}/",
        "/admin/snippets/analytics/assessmentresult/",
        "/admin/snippets/analytics/schoolyearresult/",
    ]
    for url in closed:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (url, response.status_code)
        if response.status_code == 302:
            assert response["Location"] in ("/admin/", "/admin/login/") or response["Location"].startswith(
                "/admin/login/"
            ), url
        assert FOREIGN_SCHOOL not in response.content.decode(), url

    response = client.get("/admin/analytics/import/")
    assert response.status_code == 200
    page = response.content.decode()
    assert FOREIGN_SCHOOL not in page
    assert 'id="kind-results"' not in page and 'id="kind-schools"' not in page
    assert 'id="kind-participation"' in page
