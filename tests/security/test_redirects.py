"""Open redirects: no ``next`` (or ``return_url``) a link can carry sends a visitor off the site,
after signing in, signing out, switching the accessible version or entering a page password."""

from urllib.parse import urlencode, urlsplit

import pytest

from django.test import Client

from wagtail.models import PageViewRestriction

from home.models import ContentPage
from tests.factories import pages
from tests.factories.users import PASSWORD, UserFactory, superuser

pytestmark = pytest.mark.django_db

# What browsers read as another host, written the ways that slipped past redirect checks.
OFF_SITE = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    " //evil.example",
    "\t//evil.example",
    "https:evil.example",
    "https:/evil.example",
    "http://testserver@evil.example/",
    "https://evil.example\\@testserver/",
    "//testserver.evil.example/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "%2F%2Fevil.example",
]


def stays_on_site(location: str) -> bool:
    """Whether a browser following ``location`` stays on this host."""
    # Browsers drop leading whitespace and control characters and read "\" as "/".
    cleaned = location.lstrip("".join(chr(c) for c in range(33))).replace("\\", "/")
    parts = urlsplit(cleaned)
    return not parts.scheme and not parts.netloc and not cleaned.startswith("//")


def redirect_of(response) -> str:
    assert response.status_code == 302, response.status_code
    return response["Location"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_sign_in_never_redirects_off_site(home, target):
    UserFactory(username="teacher")
    client = Client()
    page = client.get("/accounts/login/", {"next": target})
    assert page.status_code == 200
    response = client.post("/accounts/login/", {"username": "teacher", "password": PASSWORD, "next": target})
    location = redirect_of(response)
    assert stays_on_site(location), location
    # The query string's `next` is no way round either.
    response = Client().post(
        f"/accounts/login/?{urlencode({'next': target})}", {"username": "teacher", "password": PASSWORD}
    )
    assert stays_on_site(redirect_of(response))


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_wagtail_admin_sign_in_never_redirects_off_site(home, target):
    superuser(username="root")
    response = Client().post("/admin/login/", {"username": "root", "password": PASSWORD, "next": target})
    location = redirect_of(response)
    assert stays_on_site(location), location


@pytest.mark.parametrize("target", OFF_SITE)
def test_sign_out_never_redirects_off_site(home, target):
    client = Client()
    client.force_login(UserFactory())
    location = redirect_of(client.post("/accounts/logout/", {"next": target}))
    assert stays_on_site(location), location
    assert "_auth_user_id" not in client.session
    client.force_login(UserFactory(username="second"))
    location = redirect_of(client.post(f"/accounts/logout/?{urlencode({'next': target})}"))
    assert stays_on_site(location), location


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_accessibility_switch_never_redirects_off_site(client, home, target):
    location = redirect_of(client.get("/accessibility/", {"mode": "on", "next": target}))
    assert location == "/"


def test_the_accessibility_switch_returns_to_the_page_it_was_used_on(client, home):
    assert redirect_of(client.get("/accessibility/", {"mode": "on", "next": "/search/?query=x"})) == "/search/?query=x"


@pytest.mark.parametrize("target", OFF_SITE)
def test_a_page_password_never_redirects_off_site(client, home, target):
    page = pages.add_page(home, ContentPage, title="Для участников", slug="members", body=[])
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="секрет"
    )
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/", {"password": "секрет", "return_url": target}
    )
    location = redirect_of(response)
    assert stays_on_site(location), location
