"""The portal tried as an attacker would, through the test client against the real database.

This module holds the odd input (NUL bytes, 10,000-character values), path traversal on
documents and static files, the security headers, and the account pages; its siblings hold
the rest of the hostile suite:

- test_csrf.py: every state-changing form and URL family refuses a post without the token;
- test_xss.py: every field a visitor, editor or imported file fills comes out escaped;
- test_redirects.py: no ``next`` leads off the site;
- test_idor.py: ids, codes and filters never reach analytics outside the viewer's scope.

The sign-in lockout (ten wrong passwords lock the account out of /accounts/login/ and the
Wagtail admin, failures recorded with the address) is tested in test_deployment.py.
"""

import re

import pytest

from django.core import mail
from django.core.cache import cache
from django.test import Client

from base.roles import METHODISTS
from home.models import ContentPage, NewsArticlePage, NewsIndexPage
from practices.models import FileDownloadCount
from search.models import BankPage
from tests.factories import library, pages
from tests.factories.analytics import region, regional_analyst
from tests.factories.users import PASSWORD, UserFactory, user_in

from .hostile import LONG, NUL

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home):
    """The public sections, one page of each kind, and a file on a practice."""
    pages.section(BankPage, "bank", title="Банк ресурсов")
    news = pages.section(NewsIndexPage, "news", title="Новости")
    article = pages.add_page(news, NewsArticlePage, title="Новость", slug="news-1", body=[])
    content = pages.add_page(home, ContentPage, title="О программе", slug="about", body=[])
    plan = library.make_document("План", "plan.txt", "План наставничества.")
    practice = library.make_practice("Наставничество", files=[plan])
    material = library.make_material("Рабочие листы", files=[library.make_document("Листы", "sheets.txt", "Листы.")])
    return {
        "article": article,
        "content": content,
        "practice": practice,
        "material": material,
        "plan": plan,
    }


def public_urls(site):
    return [
        "/",
        site["content"].url,
        "/news/",
        site["article"].url,
        "/practices/",
        site["practice"].url,
        "/materials/",
        site["material"].url,
        "/bank/",
        "/bank/?q=наставничество",
        "/search/?query=наставничество",
        "/accounts/login/",
        "/accounts/password_reset/",
        "/no-such-page/",
    ]


def answers(client, method, url, data=None):
    """The status of a request, a server error included (instead of raising it)."""
    response = getattr(client, method)(url, data or {})
    return response.status_code


# --- NUL bytes and over-long values -------------------------------------------------------

ODD_VALUES = {
    "nul": NUL,
    "nul-inside": f"мат{NUL}ематика",
    "only-nuls": NUL * 100,
    "long": LONG,
    "long-ascii": "a" * 10_000,
}
QUERY_PARAMETERS = [
    ("/search/", "query"),
    ("/search/", "page"),
    ("/bank/", "q"),
    ("/bank/", "subject"),
    ("/bank/", "year"),
    ("/bank/", "sort"),
    ("/bank/", "page"),
    ("/bank/autocomplete/", "q"),
    ("/practices/", "subject"),
    ("/practices/", "level"),
    ("/practices/", "risk"),
    ("/practices/", "year"),
    ("/practices/", "sort"),
    ("/practices/", "page"),
    ("/materials/", "grade"),
    ("/materials/", "type"),
    ("/news/", "page"),
    ("/accounts/login/", "next"),
    ("/accounts/password_reset/", "email"),
    ("/accessibility/", "next"),
    ("/accessibility/", "size"),
    ("/accessibility/", "mode"),
]


@pytest.mark.parametrize("value", list(ODD_VALUES.values()), ids=list(ODD_VALUES))
def test_odd_query_values_get_a_page_not_a_server_error(site, value):
    client = Client(raise_request_exception=False)
    wrong = []
    for url, name in QUERY_PARAMETERS:
        status = answers(client, "get", url, {name: value, **({"q": "план"} if name != "q" else {})})
        if status not in (200, 400, 404):
            wrong.append((url, name, status))
        if url == "/bank/":
            status = answers(client, "get", url, {name: value, "format": "json"})
            if status not in (200, 400):
                wrong.append((url, name, "json", status))
    assert wrong == []


@pytest.mark.parametrize("value", list(ODD_VALUES.values()), ids=list(ODD_VALUES))
def test_odd_values_in_the_path_are_not_found(site, value):
    client = Client(raise_request_exception=False)
    practice = site["practice"].url
    urls = [f"/{value}/", f"/practices/{value}/", f"{practice}{value}/", f"{practice}files/{value}/"]
    urls += [f"/documents/{site['plan'].pk}/{value}", f"/documents/{value}/plan.txt"]
    wrong = [(url[:80], status) for url in urls if (status := answers(client, "get", url)) not in (400, 404)]
    assert wrong == []


@pytest.mark.parametrize("value", list(ODD_VALUES.values()), ids=list(ODD_VALUES))
def test_odd_form_values_are_refused_without_a_server_error(site, value):
    UserFactory(username="teacher")
    client = Client(raise_request_exception=False)
    posts = [
        ("/accounts/login/", {"username": value, "password": PASSWORD}),
        ("/accounts/login/", {"username": "teacher", "password": value}),
        ("/accounts/login/", {"username": "teacher", "password": PASSWORD, "next": value}),
        ("/admin/login/", {"username": value, "password": value}),
        ("/accounts/password_reset/", {"email": value}),
    ]
    wrong = []
    for url, data in posts:
        status = answers(client, "post", url, data)
        if status not in (200, 302, 400):
            wrong.append((url, sorted(data), status))
        client.logout()
    assert wrong == []
    assert mail.outbox == []


def test_an_over_long_username_is_refused_by_the_form_before_sign_in_is_tried(site):
    """django-axes records a failed sign-in in a 255-character column: on PostgreSQL a longer
    name reached it and gave a server error."""
    from axes.models import AccessAttempt

    response = Client().post("/accounts/login/", {"username": LONG, "password": PASSWORD})
    assert response.status_code == 200
    assert "не более 150 символов" in response.content.decode()
    assert not AccessAttempt.objects.exists()


# --- path traversal -----------------------------------------------------------------------


def test_dot_dot_in_document_urls_never_reaches_another_file(site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT")
    # A file of a published page (so it is served), stored two folders below the secret.
    plan = library.make_document("План", "plan.txt", "План наставничества.")
    library.make_practice("Практика с планом", files=[plan])
    client = Client(raise_request_exception=False)
    good = client.get(plan.url)
    assert good.status_code == 200 and b"".join(good.streaming_content) == "План наставничества.".encode()
    pk = plan.pk
    urls = [
        f"/documents/{pk}/../../secret.txt",
        f"/documents/{pk}/../../../../../../../../etc/passwd",
        f"/documents/{pk}/..%2F..%2Fsecret.txt",
        f"/documents/{pk}/%2e%2e/%2e%2e/secret.txt",
        f"/documents/{pk}/%2e%2e%2f%2e%2e%2fsecret.txt",
        f"/documents/{pk}/%252e%252e%252fsecret.txt",
        f"/documents/{pk}/..\\..\\secret.txt",
        f"/documents/{pk}/plan.txt/../../secret.txt",
        f"/documents/{pk}//etc/passwd",
        f"/documents/{pk}/{secret}",
        "/documents/../../etc/passwd",
        "/documents/%2e%2e/%2e%2e/etc/passwd",
        "/media/../secret.txt",
        "/media/%2e%2e/secret.txt",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (400, 404), (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"SECRET-CONTENT" not in body and b"root:" not in body, url


def test_dot_dot_in_static_urls_never_reaches_the_source(site):
    client = Client(raise_request_exception=False)
    urls = [
        "/static/../config/settings/base.py",
        "/static/%2e%2e/config/settings/base.py",
        "/static/css/..%2f..%2f..%2fconfig/settings/base.py",
        "/static/css/../../../manage.py",
        "/static/..%5c..%5cmanage.py",
        "/static/vendor/plotly/../../../../../../../../etc/passwd",
    ]
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code in (400, 404), (url, response.status_code)
        assert b"SECRET_KEY" not in body and b"DJANGO_SETTINGS_MODULE" not in body and b"root:" not in body, url


def test_the_counting_download_serves_only_the_page_s_own_files(site):
    client = Client(raise_request_exception=False)
    practice, material = site["practice"], site["material"]
    own = practice.files.first().document
    foreign = material.files.first().document
    loose = library.make_document("Ничей файл", "loose.txt", "Ни к чему не приложен.")
    response = client.get(f"{practice.url}files/{own.pk}/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    for document_id in (foreign.pk, loose.pk, 999_999, 0):
        response = client.get(f"{practice.url}files/{document_id}/")
        assert response.status_code == 404, document_id
    for tail in (f"{own.pk}/../{foreign.pk}", f"..%2F..%2Fdocuments%2F{foreign.pk}", f"-{own.pk}", f"{own.pk}abc"):
        assert client.get(f"{practice.url}files/{tail}/").status_code == 404, tail
    counted = set(FileDownloadCount.objects.values_list("page_id", "document_id"))
    assert counted == {(practice.pk, own.pk)}


# --- headers ------------------------------------------------------------------------------


def test_every_public_page_sends_the_security_headers(site):
    client = Client()
    for url in public_urls(site):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policy = response.get("Content-Security-Policy", "")
        script_src = re.search(r"script-src ([^;]*)", policy)
        assert script_src and "'unsafe-inline'" not in script_src.group(1), (url, policy)
        assert "object-src 'none'" in policy, url
        assert response.get("X-Content-Type-Options") == "nosniff", url
        assert response.get("Referrer-Policy") in ("same-origin", "strict-origin-when-cross-origin", "no-referrer"), url
        assert response.get("X-Frame-Options") in ("DENY", "SAMEORIGIN"), url


def test_files_are_served_as_files(site):
    client = Client()
    practice = site["practice"]
    download = client.get(f"{practice.url}files/{site['plan'].pk}/")
    direct = client.get(site["plan"].url)
    for response in (download, direct):
        assert response.status_code == 200
        assert response.get("X-Content-Type-Options") == "nosniff"
        assert not response["Content-Type"].startswith("text/html")


@pytest.fixture
def computed(home):
    cache.clear()
    return region(n_schools=20, n_municipalities=2)


ANALYTICS_URLS = [
    "/analytics/",
    "/analytics/schools/",
    "/analytics/schools/?q=школа",
    "/analytics/schools/export.csv",
    "/analytics/schools/export.xlsx",
    "/analytics/charts/scatter/",
    "/analytics/schools/{school}/",
    "/analytics/schools/{school}/chart/",
    "/analytics/schools/{school}/pdf/",
    "/analytics/municipalities/{municipality}/",
    "/analytics/regression/",
    "/analytics/runs/",
]


def not_private(computed, clients, urls):
    """(who, url, status, Cache-Control) of the responses that may be kept by a cache."""
    school, municipality = computed.schools[0].code, computed.municipalities[0].pk
    wrong = []
    for template in urls:
        url = template.format(school=school, municipality=municipality)
        for who, client in clients.items():
            response = client.get(url)
            cache_control = response.get("Cache-Control", "")
            if "private" not in cache_control or "no-store" not in cache_control:
                wrong.append((who, url, response.status_code, cache_control))
    return wrong


def test_analytics_pages_exports_and_sign_in_redirects_are_private_and_never_stored(computed):
    analyst = Client()
    analyst.force_login(regional_analyst())
    assert not_private(computed, {"analyst": analyst, "anonymous": Client()}, ANALYTICS_URLS) == []


def test_analytics_refusals_are_private_and_never_stored_too(computed):
    analyst = Client()
    analyst.force_login(regional_analyst())
    methodist = Client()
    methodist.force_login(user_in(METHODISTS))
    unknown = ["/analytics/schools/NO-SUCH-SCHOOL/", "/analytics/municipalities/999999/"]
    wrong = not_private(computed, {"methodist": methodist}, ANALYTICS_URLS)
    wrong += not_private(computed, {"analyst": analyst}, unknown)
    assert wrong == []


# --- the account pages --------------------------------------------------------------------


def test_password_recovery_works_in_russian_from_request_to_new_password(site):
    """The lockout page sends people here: every step answers (it was a 500 without templates)."""
    user = UserFactory(username="teacher", email="teacher@example.ru")
    client = Client()
    form = client.get("/accounts/password_reset/")
    assert form.status_code == 200 and "Восстановление пароля" in form.content.decode()
    assert 'href="/accounts/password_reset/"' in client.get("/accounts/login/").content.decode()
    sent = client.post("/accounts/password_reset/", {"email": user.email}, follow=True)
    assert sent.status_code == 200 and "Проверьте почту" in sent.content.decode()
    # An unknown address gets the same answer (no way to learn who has an account) and no mail.
    unknown = client.post("/accounts/password_reset/", {"email": "nobody@example.ru"}, follow=True)
    assert unknown.status_code == 200 and "Проверьте почту" in unknown.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Восстановление пароля" in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body).group(1)
    choose = client.get(link, follow=True)
    assert choose.status_code == 200 and "Новый пароль" in choose.content.decode()
    new = "a-new-Password-9931"
    done = client.post(choose.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert done.status_code == 200 and "Пароль изменён" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(new)
    # The link works once.
    again = client.get(link, follow=True)
    assert "недействительна" in again.content.decode()


def test_password_change_pages_answer_for_a_signed_in_user(site):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/password_change/").status_code == 200
    new = "a-new-Password-9931"
    done = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )
    assert done.status_code == 200 and "Пароль изменён" in done.content.decode()
