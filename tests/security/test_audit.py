"""Who did what with analytics data is recorded with the address it came from, auditors read
it (and the failed sign-ins) in the Wagtail admin without being able to change a line, and
staff sessions end with the working day."""

import csv
import datetime
import io

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from openpyxl import load_workbook

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.menu import admin_menu

from analytics.models import AccessLog
from analytics.roles import AUDITORS
from base.roles import METHODISTS, MUNICIPAL_SPECIALISTS
from tests.factories.analytics import municipal_specialist, region, regional_analyst
from tests.factories.registry import MunicipalityFactory, SchoolFactory
from tests.factories.users import PASSWORD, UserFactory, superuser, user_in

pytestmark = pytest.mark.django_db

LOG_URL = "/admin/audit/access-log/"
ATTEMPTS_URL = "/admin/audit/sign-in-attempts/"
FAILURES_URL = "/admin/audit/sign-in-failures/"


def auditor(**fields):
    return user_in(AUDITORS, **fields)


def entry(**fields):
    """An access log line as the portal writes it (created_at set afterwards when given)."""
    created_at = fields.pop("created_at", None)
    defaults = {"username": "analyst1", "action": "view", "path": "/analytics/", "object_ref": "R0001"}
    log = AccessLog.objects.create(**{**defaults, **fields})
    if created_at:
        AccessLog.objects.filter(pk=log.pk).update(created_at=created_at)
    return log


def listed(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- what is written -----------------------------------------------------------------------------


def test_views_of_analytics_record_the_visitors_address(client, home):
    place = region()
    client.force_login(municipal_specialist(place.municipalities[0]))
    school = place.schools_of(place.municipalities[0])[0]
    client.get(f"/analytics/schools/{school.code}/", REMOTE_ADDR="10.1.2.3")
    log = AccessLog.objects.get(action="view", object_ref=school.code)
    assert log.ip_address == "10.1.2.3"


def test_refusals_of_signed_in_accounts_are_logged_as_denied(client, home):
    methodist = user_in(METHODISTS)
    client.force_login(methodist)
    assert client.get("/analytics/schools/?q=x", REMOTE_ADDR="10.9.8.7").status_code == 403
    log = AccessLog.objects.get()
    assert (log.action, log.username, log.user, log.path, log.ip_address) == (
        "denied",
        methodist.username,
        methodist,
        "/analytics/schools/?q=x",
        "10.9.8.7",
    )
    assert log.get_action_display() == "Отказ в доступе"

    # In scope for something, but not for this: a municipal specialist's recompute.
    client.force_login(municipal_specialist(MunicipalityFactory()))
    assert client.post("/analytics/runs/recompute/").status_code == 403
    assert AccessLog.objects.filter(action="denied").count() == 2


def test_anonymous_visitors_are_sent_to_sign_in_without_a_log_line(client, home):
    assert client.get("/analytics/").status_code == 302
    assert not AccessLog.objects.exists()


def test_an_import_in_the_admin_is_logged(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    municipality = MunicipalityFactory()
    SchoolFactory(code="T0001", municipality=municipality)
    analyst = regional_analyst()
    client.force_login(analyst)
    data = b"school_code,year,assessment,grade,subject,participants,mean_score\nT0001,2024,OGE,9,math,20,15.5\n"
    upload = client.post(
        "/admin/analytics/import/",
        {"kind": "results", "file": SimpleUploadedFile("results.csv", data)},
        REMOTE_ADDR="10.4.4.4",
    )
    assert upload.status_code == 302
    assert not AccessLog.objects.exists()  # a preview writes nothing, the journal included
    client.post(upload["Location"] + "confirm/", REMOTE_ADDR="10.4.4.4")

    from analytics.models import ImportRecord

    record = ImportRecord.objects.get()
    log = AccessLog.objects.get()
    assert (log.action, log.username, log.rows, log.ip_address) == ("import", analyst.username, 1, "10.4.4.4")
    assert f"№{record.pk}" in log.object_ref and "results.csv" in log.object_ref
    # A second click on «Загрузить» writes neither the rows nor the journal again.
    client.post(upload["Location"] + "confirm/")
    assert AccessLog.objects.count() == 1


# --- who reads it --------------------------------------------------------------------------------


def test_migrate_makes_the_auditors_group_with_view_rights_only():
    group = Group.objects.get(name=AUDITORS)
    rights = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert rights == {
        "wagtailadmin.access_admin",
        "analytics.view_accesslog",
        "axes.view_accessattempt",
        "axes.view_accessfailurelog",
    }


def _audit_menu(rf, user):
    request = rf.get("/admin/")
    request.user = user
    group = next((item for item in admin_menu.menu_items_for_request(request) if item.label == "Аудит"), None)
    return [item.label for item in group.menu.menu_items_for_request(request)] if group else []


def test_the_audit_menu_is_for_auditors(rf):
    assert _audit_menu(rf, auditor()) == [
        "Обращения к аналитике",
        "Неудачные входы: счётчики",
        "Неудачные входы: журнал",
    ]
    assert _audit_menu(rf, regional_analyst()) == []
    assert _audit_menu(rf, user_in(METHODISTS)) == []


@pytest.mark.parametrize("role", ["analyst", "methodist", "municipal"])
def test_other_staff_cannot_read_the_journals(client, role):
    user = {
        "analyst": regional_analyst,
        "methodist": lambda: user_in(METHODISTS),
        "municipal": lambda: user_in(MUNICIPAL_SPECIALISTS),
    }[role]()
    log = entry(username="someone")
    client.force_login(user)
    for url in (LOG_URL, f"{LOG_URL}?export=csv", f"{LOG_URL}inspect/{log.pk}/", ATTEMPTS_URL, FAILURES_URL):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"someone" not in response.content


def test_auditor_lists_the_access_log_with_filters_and_search(client):
    today = timezone.now()
    entry(username="anna", action="view", object_ref="R0001", ip_address="10.1.2.3", created_at=today)
    entry(username="boris", action="denied", object_ref="", path="/analytics/schools/", ip_address="192.168.5.1")
    entry(
        username="vera", action="export", object_ref="список школ (csv)", created_at=today - datetime.timedelta(days=40)
    )
    client.force_login(auditor())

    page = listed(client, LOG_URL)
    for text in ("anna", "boris", "vera", "10.1.2.3", "Отказ в доступе", "Выгрузка"):
        assert text in page

    def names(**params):
        response = client.get(LOG_URL, params)
        assert response.status_code == 200
        return {log.username for log in response.context["object_list"]}

    assert names(action="denied") == {"boris"}
    assert names(action=["view", "export"]) == {"anna", "vera"}
    assert names(username="BOR") == {"boris"}
    assert names(object_ref="R0001") == {"anna"}
    assert names(ip_address="192.168.") == {"boris"}
    since = (today - datetime.timedelta(days=7)).date().isoformat()
    assert names(created_at_from=since) == {"anna", "boris"}
    until = (today - datetime.timedelta(days=30)).date().isoformat()
    assert names(created_at_to=until) == {"vera"}
    assert names(q="schools") == {"boris"}
    # Hostile filter values are a form error, never a 500 (NUL bytes break PostgreSQL queries).
    assert names(username="a\x00b", ip_address="\x00", created_at_from="вчера", q="\x00") == {"anna", "boris", "vera"}


def test_auditor_exports_the_filtered_log_safe_for_a_spreadsheet(client):
    entry(username="=HYPERLINK(1)", action="denied", ip_address="10.1.2.3", rows=None)
    entry(username="anna", action="export", rows=12)
    client.force_login(auditor())

    response = client.get(LOG_URL, {"export": "csv", "action": "denied"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Когда", "Имя пользователя", "Что сделано"]
    assert len(rows) == 2  # the filter applies to the export
    assert rows[1][1] == "'=HYPERLINK(1)" and rows[1][2] == "Отказ в доступе" and "10.1.2.3" in rows[1]

    response = client.get(LOG_URL, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    by_name = {row[1]: row for row in values[1:]}
    assert set(by_name) == {"'=HYPERLINK(1)", "anna"}
    assert by_name["anna"][-1] == 12  # numbers stay numbers
    assert isinstance(by_name["anna"][0], datetime.datetime)


def test_nobody_adds_changes_or_deletes_a_journal_line(client):
    log = entry(username="anna")
    for user in (auditor(), superuser()):
        client.force_login(user)
        assert listed(client, f"{LOG_URL}inspect/{log.pk}/")
        page = listed(client, LOG_URL)
        assert f"{LOG_URL}edit/" not in page and f"{LOG_URL}delete/" not in page and f"{LOG_URL}new/" not in page
        assert client.get(f"{LOG_URL}new/").status_code in (302, 403)
        assert client.post(f"{LOG_URL}new/", {"username": "x"}).status_code in (302, 403)
        assert client.post(f"{LOG_URL}edit/{log.pk}/", {"username": "forged"}).status_code in (302, 403)
        assert client.post(f"{LOG_URL}delete/{log.pk}/").status_code in (302, 403)
    log.refresh_from_db()
    assert log.username == "anna"
    assert AccessLog.objects.count() == 1


def test_failed_sign_ins_are_shown_to_auditors(client, settings):
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True
    UserFactory(username="target")
    client.post(reverse("login"), {"username": "target", "password": "wrong"}, REMOTE_ADDR="10.6.6.6")
    client.post(reverse("login"), {"username": "=cmd|x", "password": "wrong"}, REMOTE_ADDR="10.6.6.7")
    assert AccessAttempt.objects.count() == 2 and AccessFailureLog.objects.count() == 2

    client.force_login(auditor())
    for url in (ATTEMPTS_URL, FAILURES_URL):
        page = listed(client, url)
        assert "target" in page and "10.6.6.6" in page
        assert {a.username for a in client.get(url, {"username": "targ"}).context["object_list"]} == {"target"}
        assert {a.ip_address for a in client.get(url, {"ip_address": "10.6.6.7"}).context["object_list"]} == {
            "10.6.6.7"
        }
        export = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode("utf-8")
        assert "'=cmd|x" in export and ";=cmd" not in export
        assert "password" not in export and "csrfmiddlewaretoken" not in export
    attempt = AccessAttempt.objects.get(username="target")
    inspect = listed(client, f"{ATTEMPTS_URL}inspect/{attempt.pk}/")
    assert "10.6.6.6" in inspect and "csrfmiddlewaretoken" not in inspect
    assert client.post(f"{ATTEMPTS_URL}delete/{attempt.pk}/").status_code in (302, 403)
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


# --- staff sessions --------------------------------------------------------------------------------


def test_staff_sessions_last_a_working_day_and_end_with_the_browser(client):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    UserFactory(username="analyst9")
    response = client.post(reverse("login"), {"username": "analyst9", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # gone when the browser closes
    assert client.session.get_expiry_age() <= 8 * 60 * 60
