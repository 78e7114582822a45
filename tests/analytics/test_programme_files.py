"""Documents of the programme's records leave the private storage only through the scoped
download route: to a reader whose scope holds the school or municipality, as an attachment,
never cached, logged; never under MEDIA_URL."""

import datetime
from pathlib import Path

import pytest

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from analytics.models import (
    AccessLog,
    ComputationRun,
    ImprovementProgramme,
    ImprovementProgrammeReport,
    MunicipalProgramme,
    Partnership,
)
from base.storage import private_files
from tests.factories.analytics import municipal_specialist, regional_analyst, school_leader
from tests.factories.registry import MunicipalityFactory, SchoolFactory

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 scanned document"


@pytest.fixture
def records(home):
    """One record of each kind with a file, all of the north's school (the partner is in the south)."""
    north = MunicipalityFactory(name="Северный район")
    south = MunicipalityFactory(name="Южный район")
    school = SchoolFactory(municipality=north)
    partner = SchoolFactory(municipality=south)
    programme = ImprovementProgramme.objects.create(
        school=school,
        kind=ImprovementProgramme.Kind.QUALITY,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    items = {
        "agreement": Partnership.objects.create(
            low_school=school, strong_school=partner, start_date=datetime.date(2024, 1, 20)
        ),
        "school-programme": programme,
        "programme-report": ImprovementProgrammeReport.objects.create(programme=programme, year=2024),
        "municipal-programme": MunicipalProgramme.objects.create(
            municipality=north, year=2024, title="Поддержка школ района"
        ),
    }
    fields = {"agreement": "signed_file"}
    for record, item in items.items():
        getattr(item, fields.get(record, "document")).save(f"{record}.pdf", ContentFile(CONTENT), save=True)
    yield {"north": north, "south": south, "school": school, "partner": partner, "items": items}
    for record, item in items.items():
        file_of(record, item).delete(save=False)


def url(record, item):
    return f"/analytics/programme/files/{record}/{item.pk}/"


def file_of(record, item):
    return item.signed_file if record == "agreement" else item.document


RECORDS = ["agreement", "school-programme", "programme-report", "municipal-programme"]


@pytest.mark.parametrize("record", RECORDS)
def test_a_reader_in_scope_downloads_the_file_as_an_uncached_logged_attachment(client, records, record):
    client.force_login(municipal_specialist(records["north"]))
    item = records["items"][record]
    response = client.get(url(record, item))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT, object_ref=f"{record} {item.pk}").exists()


@pytest.mark.parametrize("record", RECORDS)
def test_a_reader_outside_the_scope_gets_404_like_an_unknown_record(client, records, record):
    client.force_login(school_leader(SchoolFactory(municipality=records["south"])))
    item = records["items"][record]
    assert client.get(url(record, item)).status_code == 404
    assert client.get(f"/analytics/programme/files/{record}/999999/").status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_the_partner_side_of_an_agreement_reads_its_signed_file_but_not_the_schools_programme(client, records):
    client.force_login(municipal_specialist(records["south"]))
    assert client.get(url("agreement", records["items"]["agreement"])).status_code == 200
    assert client.get(url("school-programme", records["items"]["school-programme"])).status_code == 404
    assert client.get(url("municipal-programme", records["items"]["municipal-programme"])).status_code == 404


def test_a_school_leader_reads_their_school_documents_but_not_the_municipal_programme(client, records):
    client.force_login(school_leader(records["school"]))
    assert client.get(url("school-programme", records["items"]["school-programme"])).status_code == 200
    assert client.get(url("programme-report", records["items"]["programme-report"])).status_code == 200
    assert client.get(url("municipal-programme", records["items"]["municipal-programme"])).status_code == 404


def test_unknown_kinds_records_without_a_file_and_lost_files_are_404(client, records):
    client.force_login(regional_analyst())
    programme = records["items"]["school-programme"]
    assert client.get(url("practice", programme)).status_code == 404
    empty = ImprovementProgramme.objects.create(
        school=records["school"],
        kind=ImprovementProgramme.Kind.TRANSITION,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    assert client.get(url("school-programme", empty)).status_code == 404
    private_files().delete(programme.document.name)
    assert client.get(url("school-programme", programme)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, records):
    response = client.get(url("agreement", records["items"]["agreement"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("record", RECORDS)
def test_no_private_file_is_reachable_under_media_url(client, records, record):
    client.force_login(regional_analyst())
    name = file_of(record, records["items"][record]).name
    assert private_files().exists(name)
    for path in (name, f"private/{name}"):
        assert client.get(f"{settings.MEDIA_URL}{path}").status_code == 404


def test_the_private_storage_lives_outside_the_public_media_folder_by_default():
    """Where production keeps them: beside MEDIA_ROOT, so serving MEDIA_ROOT can never reach them."""
    from config.settings import base

    private, public = Path(base.PRIVATE_MEDIA_ROOT).resolve(), Path(base.MEDIA_ROOT).resolve()
    assert private != public and public not in private.parents
    assert base.STORAGES["private"]["OPTIONS"]["location"] == str(base.PRIVATE_MEDIA_ROOT)


def test_the_passport_links_school_documents_through_the_scoped_route(client, records):
    ComputationRun.objects.create(
        status=ComputationRun.Status.SUCCESS,
        started_at=timezone.now(),
        years=[2024],
        input_fingerprint="test",
        engine_version="test",
    )
    client.force_login(regional_analyst())
    programme = records["items"]["school-programme"]
    report = records["items"]["programme-report"]
    page = client.get(f"/analytics/schools/{records['school'].code}/").content.decode()
    assert f'href="/analytics/programme/files/school-programme/{programme.pk}/"' in page
    assert f'href="/analytics/programme/files/programme-report/{report.pk}/"' in page
    assert programme.document.name not in page


def test_the_agreement_page_links_the_signed_file_through_the_scoped_route(client, records):
    client.force_login(regional_analyst())
    partnership = records["items"]["agreement"]
    page = client.get(f"/analytics/programme/agreements/{partnership.pk}/").content.decode()
    assert f'href="/analytics/programme/files/agreement/{partnership.pk}/">Подписанное соглашение' in page
    assert partnership.signed_file.name not in page
