"""The data import in the Wagtail admin: choose a table, upload, preview, confirm or cancel.

It writes through the same validation and ``importing.write`` as ``import_data``; these tests
check what the admin adds: the preview, the pending upload in the media storage, all or
nothing on confirm, a repeated confirm, and who may import what.
"""

import datetime

import pandas as pd
import pytest

from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from wagtail.admin.menu import admin_menu

from analytics import admin_views
from analytics.importing import DatabaseRegistry, read_table, sha256, validate, write
from analytics.models import AssessmentResult, ImportRecord, SocialContext
from base.roles import METHODISTS
from registry.models import School
from tests.factories.analytics import AssessmentResultFactory, SocialContextFactory, regional_analyst
from tests.factories.registry import MunicipalityFactory, SchoolFactory
from tests.factories.users import UserFactory, user_in

pytestmark = pytest.mark.django_db

URL = "/admin/analytics/import/"
HEADER = "school_code,year,assessment,grade,subject,participants,mean_score"
GOOD = f"{HEADER}\nT0001,2024,OGE,9,math,20,15.5\nT0001,2024,OGE,9,russian,21,24\nT0002,2024,EGE,11,math,12,61\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Pending uploads go to the default storage; here, a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def schools(db):
    municipality = MunicipalityFactory(name="Заречный район")
    return [SchoolFactory(code=code, municipality=municipality) for code in ("T0001", "T0002")]


@pytest.fixture
def analyst(client, schools):
    user = regional_analyst()
    client.force_login(user)
    client.user = user
    return client


def upload(client, text, kind="results", name="results.csv", encoding="utf-8"):
    data = text if isinstance(text, bytes) else text.encode(encoding)
    return client.post(URL, {"kind": kind, "file": SimpleUploadedFile(name, data)})


def pending_files():
    try:
        return default_storage.listdir(admin_views.UPLOAD_DIR)[1]
    except FileNotFoundError:
        return []


def token_of(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def test_import_page_offers_every_table_with_its_templates(analyst):
    page = analyst.get(URL)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Импорт данных" in body and 'enctype="multipart/form-data"' in body
    for title in ("Муниципалитеты", "Школы", "Результаты оценочных процедур", "Социальный контекст"):
        assert title in body
    csv = analyst.get(f"{URL}template/results.csv")
    assert csv.content.decode("utf-8-sig").startswith("school_code,year,assessment")
    xlsx = analyst.get(f"{URL}template/context.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert analyst.get(f"{URL}template/nonsense.csv").status_code == 404


def _analytics_menu(rf, user):
    request = rf.get("/admin/")
    request.user = user
    group = next((item for item in admin_menu.menu_items_for_request(request) if item.label == "Аналитика"), None)
    if group is None:
        return []
    # In the order the sidebar shows them (Menu.render_component sorts by order).
    return [
        (item.label, item.url) for item in sorted(group.menu.menu_items_for_request(request), key=lambda i: i.order)
    ]


def test_the_import_is_the_first_item_of_the_analytics_menu(rf):
    assert _analytics_menu(rf, regional_analyst())[0] == ("Импорт данных", URL)
    assert ("Импорт данных", URL) not in _analytics_menu(rf, user_in(METHODISTS))


def test_preview_shows_every_row_problem_with_row_and_column_and_keeps_nothing(analyst):
    text = f"{HEADER}\nT0001,2024,OGE,9,math,20,15.5\nT0001,2024,OGE,9,russian,0,24\nX9999,2024,OGE,9,math,много,15\n"
    response = upload(analyst, text)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Найдено ошибок: <strong>3</strong>" in body
    problems = body.split('id="import-problems"', 1)[1].split("</table>", 1)[0]
    assert "<td>3</td>" in problems and "<td>participants</td>" in problems and "больше нуля" in problems
    assert "<td>4</td>" in problems and "<td>school_code</td>" in problems and "нет в реестре" in problems
    assert "ожидалось число" in problems
    assert "Ничего не будет записано" in body
    assert "/confirm/" not in body
    assert not AssessmentResult.objects.exists()
    assert pending_files() == []


def test_preview_then_confirm_writes_every_row_and_an_import_record(analyst, media):
    response = upload(analyst, GOOD.replace(",", ";").replace("15.5", "15,5"))
    token = token_of(response)
    [stored] = pending_files()
    assert stored.startswith(f"{analyst.user.pk}-") and token not in stored  # the URL does not name the file
    assert (media / admin_views.UPLOAD_DIR / stored).is_file()

    preview = analyst.get(response["Location"]).content.decode()
    assert "Строк с данными в файле: <strong>3</strong>" in preview
    assert "Будет создано: <strong>3</strong>, обновлено: <strong>0</strong>" in preview
    assert "<td>T0002</td>" in preview  # the first rows, as in the file
    assert not AssessmentResult.objects.exists()

    done = analyst.post(f"{URL}{token}/confirm/", follow=True)
    assert done.redirect_chain[-1][0] == URL
    assert "Загружено (Результаты оценочных процедур" in done.content.decode()
    assert AssessmentResult.objects.count() == 3
    assert AssessmentResult.objects.get(school__code="T0001", subject="math").mean_score == 15.5
    record = ImportRecord.objects.get()
    assert (record.kind, record.source, record.user, record.rows, record.created, record.updated) == (
        "results",
        "admin",
        analyst.user,
        3,
        3,
        0,
    )
    assert record.file_name == "results.csv" and len(record.sha256) == 64
    assert pending_files() == []


def test_the_same_rows_again_are_previewed_and_written_as_updates(analyst):
    analyst.post(f"{URL}{token_of(upload(analyst, GOOD))}/confirm/")
    response = upload(analyst, GOOD.replace("15.5", "16"))
    assert (
        "Будет создано: <strong>0</strong>, обновлено: <strong>3</strong>"
        in analyst.get(response["Location"]).content.decode()
    )
    analyst.post(f"{URL}{token_of(response)}/confirm/")
    assert AssessmentResult.objects.count() == 3
    assert AssessmentResult.objects.get(school__code="T0001", subject="math").mean_score == 16
    assert list(ImportRecord.objects.order_by("created_at").values_list("created", "updated")) == [(3, 0), (0, 3)]


def test_rows_already_stored_are_counted_as_updates(analyst, schools):
    AssessmentResultFactory(school=schools[0], year=2024, assessment="OGE", grade=9, subject="math", mean_score=10)
    response = upload(analyst, GOOD)
    assert (
        "Будет создано: <strong>2</strong>, обновлено: <strong>1</strong>"
        in analyst.get(response["Location"]).content.decode()
    )
    analyst.post(f"{URL}{token_of(response)}/confirm/")
    assert AssessmentResult.objects.get(school=schools[0], subject="math").mean_score == 15.5
    assert ImportRecord.objects.values_list("created", "updated").get() == (2, 1)


def test_an_xlsx_with_russian_headers_is_imported(analyst, schools, tmp_path):
    SocialContextFactory(school=schools[0], year=2024, single_parent_share=0.5)
    path = tmp_path / "context.xlsx"
    pd.DataFrame(
        {
            "Код школы": ["T0001", "T0002"],
            "Год": [2024, 2024],
            "Доля семей с высшим образованием": [0.3, 0.4],
            "Доля неполных семей": [0.2, 0.1],
            "Доля на учёте КДН": [0.01, 0.0],
        }
    ).to_excel(path, index=False)
    response = upload(analyst, path.read_bytes(), kind="context", name="context.xlsx")
    assert (
        "Будет создано: <strong>1</strong>, обновлено: <strong>1</strong>"
        in analyst.get(response["Location"]).content.decode()
    )
    analyst.post(f"{URL}{token_of(response)}/confirm/")
    assert SocialContext.objects.get(school=schools[0], year=2024).single_parent_share == 0.2
    assert SocialContext.objects.count() == 2
    assert ImportRecord.objects.get().kind == "context"


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"%PDF-1.4\x00\x01binary", "scan.pdf", "не похож на таблицу"),
        (b"", "results.csv", "Отправленный файл пуст"),
        (HEADER.encode() + b"\n", "results.csv", "нет ни одной строки"),
        (b"PK\x03\x04not really a workbook", "results.xlsx", "XLSX"),
        (b"school_code,year,assessment,grade,subject\nT0001,2024,OGE,9,math\n", "results.csv", "нет обязательного"),
    ],
)
def test_a_bad_file_is_a_form_error_and_writes_nothing(analyst, content, name, words):
    response = upload(analyst, content, name=name)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert "error-message" in response.content.decode()
    assert not AssessmentResult.objects.exists() and not ImportRecord.objects.exists()
    assert pending_files() == []


def test_the_upload_size_is_capped_with_a_russian_message(analyst, monkeypatch):
    monkeypatch.setattr(admin_views, "MAX_UPLOAD_SIZE", 100)
    response = upload(analyst, GOOD)
    assert "Файл слишком большой" in response.content.decode()
    assert pending_files() == []


def test_a_second_confirm_is_answered_with_a_message_not_a_second_write(analyst):
    token = token_of(upload(analyst, GOOD))
    first = analyst.post(f"{URL}{token}/confirm/")
    assert first.status_code == 302
    second = analyst.post(f"{URL}{token}/confirm/", follow=True)
    assert second.status_code == 200
    assert "уже загружен" in second.content.decode()
    assert ImportRecord.objects.count() == 1 and AssessmentResult.objects.count() == 3
    assert analyst.get(f"{URL}{token}/", follow=True).redirect_chain[-1][0] == URL


def test_a_confirm_that_lost_the_race_to_another_finds_its_record(analyst):
    """Two clicks at once: the other request wrote this upload first; this one must not write it again."""
    token = token_of(upload(analyst, GOOD))
    data = GOOD.encode()
    validated = validate("results", read_table(data, "results.csv"), DatabaseRegistry())
    write(validated, file_name="results.csv", digest=sha256(data), user=analyst.user, source="admin")
    response = analyst.post(f"{URL}{token}/confirm/", follow=True)
    assert "уже загружен" in response.content.decode()
    assert ImportRecord.objects.count() == 1
    assert pending_files() == []


def test_a_file_that_became_invalid_before_confirm_writes_nothing_and_shows_why(analyst):
    token = token_of(upload(analyst, GOOD))
    School.objects.filter(code="T0002").delete()
    response = analyst.post(f"{URL}{token}/confirm/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "ничего не записано" in body
    assert "школы с кодом «T0002» нет в реестре" in body
    assert not AssessmentResult.objects.exists() and not ImportRecord.objects.exists()
    # The upload waits to be cancelled (or confirmed once the school is back).
    assert "/cancel/" in body and "/confirm/" not in body
    assert len(pending_files()) == 1


def test_cancel_deletes_the_upload_and_a_later_confirm_says_so(analyst):
    token = token_of(upload(analyst, GOOD))
    response = analyst.post(f"{URL}{token}/cancel/", follow=True)
    assert "отменена" in response.content.decode()
    assert pending_files() == []
    late = analyst.post(f"{URL}{token}/confirm/", follow=True)
    assert "Эта загрузка отменена" in late.content.decode()
    assert not AssessmentResult.objects.exists()


def test_an_expired_preview_is_deleted_and_explained(analyst):
    token = token_of(upload(analyst, GOOD))
    session = analyst.session
    pending = session[admin_views.SESSION_PENDING]
    old = timezone.now() - admin_views.PENDING_TTL - datetime.timedelta(minutes=1)
    pending[token]["uploaded_at"] = old.isoformat()
    session[admin_views.SESSION_PENDING] = pending
    session.save()
    response = analyst.post(f"{URL}{token}/confirm/", follow=True)
    assert "устарел" in response.content.decode()
    assert pending_files() == [] and not AssessmentResult.objects.exists()


def test_an_upload_belongs_to_the_session_that_made_it(analyst):
    token = token_of(upload(analyst, GOOD))
    other = Client()
    other.force_login(regional_analyst())
    response = other.post(f"{URL}{token}/confirm/", follow=True)
    assert "устарел" in response.content.decode()
    assert not AssessmentResult.objects.exists()
    assert len(pending_files()) == 1


def test_a_user_without_the_tables_rights_gets_403(client, schools):
    client.force_login(user_in(METHODISTS))  # in the admin, but no rights on analytics tables
    assert client.get(URL).status_code == 403
    assert upload(client, GOOD).status_code == 403
    assert client.get(f"{URL}template/results.csv").status_code == 403
    assert not AssessmentResult.objects.exists() and pending_files() == []


def test_the_right_is_per_table(client, schools):
    """Someone who may keep the school registry may import schools, and nothing else."""
    user = UserFactory()
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["wagtailadmin", "registry"],
            codename__in=["access_admin", "add_school", "change_school"],
        )
    )
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert 'value="schools"' in page and 'value="results"' not in page
    assert upload(client, GOOD).status_code == 403
    schools_file = "code,name,municipality\nT0003,Школа № 3,Заречный район\n"
    token = token_of(upload(client, schools_file, kind="schools", name="schools.csv"))
    client.post(f"{URL}{token}/confirm/")
    assert School.objects.filter(code="T0003", municipality__name="Заречный район").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
