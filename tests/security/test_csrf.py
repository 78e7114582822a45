"""Cross-site request forgery: every request that changes something is refused without the CSRF
token (403) and changes nothing, and the pages that only read never write.

``Client(enforce_csrf_checks=True)`` posts as a forging site would: with the victim's session
cookie and without the token a page of the portal would have put in the form.
"""

import re

import pytest

from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site

from analytics.models import ComputationRun
from base.context_processors import ACCESSIBILITY_COOKIE
from home.models import ContentPage
from registry.models import School
from search.models import BankPage
from tests.factories import library, pages
from tests.factories.analytics import regional_analyst
from tests.factories.registry import SchoolFactory
from tests.factories.users import PASSWORD, UserFactory, superuser

pytestmark = pytest.mark.django_db


@pytest.fixture
def forger(home):
    """A client that posts without the CSRF token, as another site's form would."""
    return Client(enforce_csrf_checks=True)


def signed_in(forger, user):
    forger.force_login(user)
    return user


def test_the_accessibility_switch_takes_no_posts_and_its_links_change_only_the_look(forger):
    """Plain links, so public pages need no form and no CSRF cookie for it: a link from another
    site can change only how the portal looks in that browser, never a session or data."""
    response = forger.post("/accessibility/", {"mode": "on", "next": "/"})
    assert response.status_code in (403, 405)
    assert ACCESSIBILITY_COOKIE not in response.cookies
    response = forger.get("/accessibility/?mode=on&next=/")
    assert response.status_code == 302
    assert set(response.cookies) == {ACCESSIBILITY_COOKIE}


def test_sign_in_refuses_a_forged_post(forger):
    UserFactory(username="teacher")
    response = forger.post("/accounts/login/", {"username": "teacher", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in forger.session


def test_the_wagtail_admin_sign_in_refuses_a_forged_post(forger):
    superuser(username="root")
    response = forger.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in forger.session


def test_sign_out_refuses_a_forged_post_and_a_link(forger):
    user = signed_in(forger, UserFactory())
    assert forger.post("/accounts/logout/", {"next": "/"}).status_code == 403
    assert forger.get("/accounts/logout/?next=/").status_code == 405
    assert forger.session["_auth_user_id"] == str(user.pk)


def test_password_reset_refuses_a_forged_post(forger):
    user = UserFactory(email="teacher@example.ru")
    assert forger.post("/accounts/password_reset/", {"email": user.email}).status_code == 403
    assert mail.outbox == []


def test_password_change_refuses_a_forged_post(forger):
    user = signed_in(forger, UserFactory())
    new = "a-new-Password-9931"
    response = forger.post(
        "/accounts/password_change/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_setting_a_new_password_from_a_reset_link_refuses_a_forged_post(forger):
    user = UserFactory()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = forger.get(f"/accounts/reset/{uid}/{default_token_generator.make_token(user)}/")
    assert link.status_code == 302  # to the form's own address, the token kept in the session
    new = "a-new-Password-9931"
    response = forger.post(link["Location"], {"new_password1": new, "new_password2": new})
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_recompute_refuses_a_forged_post_from_an_analyst(forger):
    signed_in(forger, regional_analyst())
    before = ComputationRun.objects.count()
    assert forger.post("/analytics/runs/recompute/").status_code == 403
    assert ComputationRun.objects.count() == before


def test_the_password_form_of_a_private_page_refuses_a_forged_post(forger, home):
    page = pages.add_page(home, ContentPage, title="Для участников", slug="members", body=[])
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="секрет"
    )
    response = forger.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": "секрет", "return_url": "/members/"},
    )
    assert response.status_code == 403
    # Still behind the password: the page answers with the password form.
    assert "/_util/authenticate_with_password/" in forger.get("/members/").content.decode()


# --- the Wagtail admin ----------------------------------------------------------------------


@pytest.fixture
def admin_forger(forger):
    signed_in(forger, superuser())
    return forger


def test_admin_page_edit_refuses_a_forged_post(admin_forger, home):
    page = pages.add_page(home, ContentPage, title="Исходный заголовок", slug="page", body=[])
    revisions = page.revisions.count()
    response = admin_forger.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {"title": "Подмена", "slug": "page", "body-count": "0", "action-publish": "action-publish"},
    )
    assert response.status_code == 403
    page.refresh_from_db()
    assert page.title == "Исходный заголовок"
    assert page.revisions.count() == revisions


def test_admin_page_add_delete_and_unpublish_refuse_forged_posts(admin_forger, home):
    page = pages.add_page(home, ContentPage, title="Страница", slug="page", body=[])
    count = Page.objects.count()
    add = reverse("wagtailadmin_pages:add", args=["home", "contentpage", home.pk])
    assert admin_forger.post(add, {"title": "Новая", "slug": "new", "body-count": "0"}).status_code == 403
    assert admin_forger.post(reverse("wagtailadmin_pages:delete", args=[page.pk])).status_code == 403
    assert admin_forger.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk])).status_code == 403
    assert Page.objects.count() == count
    page.refresh_from_db()
    assert page.live


def test_admin_document_upload_and_site_settings_refuse_forged_posts(admin_forger, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = SimpleUploadedFile("plan.txt", b"text")
    response = admin_forger.post(reverse("wagtaildocs:add_multiple"), {"files[]": upload})
    assert response.status_code == 403
    assert not get_document_model().objects.exists()
    site = Site.objects.get(is_default_site=True)
    response = admin_forger.post(
        reverse("wagtailsettings:edit", args=["base", "sitesettings", site.pk]),
        {"organisation_name": "Подмена", "footer_links-count": "0"},
    )
    assert response.status_code == 403


def test_admin_snippet_edit_refuses_a_forged_post(admin_forger):
    school = SchoolFactory(name="Школа № 1")
    url = reverse(f"wagtailsnippets_{School._meta.app_label}_{School._meta.model_name}:edit", args=[school.pk])
    response = admin_forger.post(url, {"code": school.code, "name": "Подмена"})
    assert response.status_code == 403
    school.refresh_from_db()
    assert school.name == "Школа № 1"


def test_admin_import_upload_and_confirm_refuse_forged_posts(admin_forger, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    data = "code,name,municipality\nT0001,Школа 1,Район 1\n".encode()
    response = admin_forger.post(
        "/admin/analytics/import/", {"kind": "schools", "file": SimpleUploadedFile("schools.csv", data)}
    )
    assert response.status_code == 403
    # With the token (as the admin's own form sends it) the upload waits for confirmation ...
    form = admin_forger.get("/admin/analytics/import/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode()).group(1)
    response = admin_forger.post(
        "/admin/analytics/import/",
        {"kind": "schools", "file": SimpleUploadedFile("schools.csv", data), "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    pending = response["Location"]
    # ... and a forged confirm of it (or cancel) writes nothing.
    assert admin_forger.post(f"{pending}confirm/").status_code == 403
    assert admin_forger.post(f"{pending}cancel/").status_code == 403
    assert not School.objects.exists()


# --- pages that only read -------------------------------------------------------------------


def _writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_search_and_the_bank_write_nothing_and_take_no_posts(forger, home):
    pages.section(BankPage, "bank", title="Банк ресурсов")
    library.make_practice("Наставничество молодых учителей")
    forger.get("/")  # the site's settings row is made on the first visit of all
    for url in ("/search/?query=наставничество", "/bank/?q=наставничество&subject=mathematics&sort=downloads"):
        with CaptureQueriesContext(connection) as queries:
            response = forger.get(url)
        assert response.status_code == 200
        assert _writes(queries.captured_queries) == [], url
        # No cookie at all: no session, no preference, no CSRF token (the pages carry no form).
        assert set(response.cookies) == set(), url
    for url in ("/search/", "/bank/", "/bank/autocomplete/"):
        assert forger.post(url, {"query": "x", "q": "x"}).status_code in (403, 405), url


def test_every_post_form_of_the_public_pages_carries_the_token(client, home):
    """A form without the token would be refused for everyone: the pages must put it in."""
    pages.section(BankPage, "bank", title="Банк ресурсов")
    practice = library.make_practice("Наставничество", files=[library.make_document("План", "plan.txt", "План.")])
    urls = ["/", "/search/?query=план", "/bank/", "/practices/", practice.url, "/accounts/login/"]
    urls += ["/accounts/password_reset/", "/no-such-page/"]
    for url in urls:
        body = client.get(url).content.decode()
        forms = re.findall(r"<form\b[^>]*>.*?</form>", body, re.S | re.I)
        assert forms, url
        for form in forms:
            if re.search(r'method="post"', form, re.I):
                assert 'name="csrfmiddlewaretoken"' in form, (url, form[:200])
