"""The admin import: upload, preview with row errors, confirm; templates to download."""

from django.core.files.uploadedfile import SimpleUploadedFile

from analytics.models import AssessmentResult, ImportRecord
from registry.models import Municipality, School

URL = "/django-admin/analytics/assessmentresult/import/"


def login_admin(client):
    client.login(username="admin", password="demo-password")


def upload(client, text, name="results.csv"):
    return client.post(
        URL, {"format": "0", "resource": "0", "import_file": SimpleUploadedFile(name, text.encode("utf-8"))}
    )


def test_preview_shows_row_errors_and_writes_nothing(client, db):
    login_admin(client)
    School.objects.create(code="T0001", name="Школа", municipality=Municipality.objects.first())
    text = "school_code,year,assessment,grade,subject,participants,mean_score\nT0001,2024,OGE,9,math,0,15\n"
    response = upload(client, text)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Строка файла 2" in body and "больше нуля" in body
    assert "confirm" not in body.lower() or "process_import" not in body
    assert not AssessmentResult.objects.filter(school__code="T0001").exists()


def test_preview_then_confirm_imports_and_records(client, db):
    login_admin(client)
    School.objects.create(code="T0001", name="Школа", municipality=Municipality.objects.first())
    text = "Код школы;Год;Процедура;Класс;Предмет;Число участников;Средний балл\nT0001;2024;ОГЭ;9;math;20;15,5\n"
    response = upload(client, text)
    assert response.status_code == 200
    form = response.context["confirm_form"]
    assert form is not None
    data = {name: form.initial.get(name, "") for name in form.fields}
    response = client.post("/django-admin/analytics/assessmentresult/process_import/", data)
    assert response.status_code == 302
    assert AssessmentResult.objects.get(school__code="T0001").mean_score == 15.5
    record = ImportRecord.objects.latest("created_at")
    assert (record.source, record.created, record.kind) == ("admin", 1, "results")


def test_a_file_that_is_not_a_table_gets_a_russian_message(client, db):
    login_admin(client)
    response = upload(client, "%PDF\x00\x00", name="scan.pdf")
    assert "не похож на таблицу" in response.content.decode()


def test_import_page_and_templates(client, db):
    login_admin(client)
    response = client.get("/admin/analytics/import/")
    assert response.status_code == 200
    assert "Импорт данных" in response.content.decode()
    csv = client.get("/admin/analytics/import/template/results.csv")
    assert csv.content.decode("utf-8-sig").startswith("school_code,year,assessment")
    xlsx = client.get("/admin/analytics/import/template/context.xlsx")
    assert xlsx.content[:2] == b"PK"


def test_import_page_is_closed_to_anonymous_visitors(client, db):
    response = client.get("/admin/analytics/import/")
    assert response.status_code in (302, 403)
