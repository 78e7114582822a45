"""What an operator gets from the deployment defaults: no DEBUG site by accident, a cache outage
that degrades instead of breaking, and sign-in that cannot be brute-forced."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from home.models import ContentPage
from tests.factories import pages
from tests.factories.users import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _run_wsgi(extra_env):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG")}
    env.update(extra_env)
    code = "import config.wsgi, django.conf as c; print(c.settings.DEBUG, c.settings.SECRET_KEY[:8])"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_wsgi_without_settings_module_refuses_to_start_without_a_secret_key():
    result = _run_wsgi({"ALLOWED_HOSTS": "portal.example.ru"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_wsgi_refuses_the_published_example_key():
    result = _run_wsgi({"SECRET_KEY": "change-me-to-a-long-random-string-0123456789abcdef", "ALLOWED_HOSTS": "x.ru"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_wsgi_without_settings_module_runs_production_settings_without_debug():
    result = _run_wsgi(
        {"SECRET_KEY": "k" * 20 + "a-real-random-value-0123456789", "ALLOWED_HOSTS": "portal.example.ru"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_home_page_answers_when_redis_is_down(client, home):
    # A menu entry makes the page resolve URLs, which reads Wagtail's site paths from the cache.
    pages.section(ContentPage, "about", title="О программе")
    location = f"redis://127.0.0.1:{_closed_port()}/0"
    redis_cache = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    # Django's test signals rebuild the cache handler when CACHES changes.
    with override_settings(CACHES=redis_cache):
        caches["default"].set("anything", 1)
        assert caches["default"].get("anything") is None
        response = client.get("/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_ten_wrong_passwords_lock_the_account_out_of_the_site_login(client):
    UserFactory(username="analyst1")
    login = reverse("login")
    for _ in range(10):
        client.post(login, {"username": "analyst1", "password": "wrong"})
    locked = client.post(login, {"username": "analyst1", "password": PASSWORD})
    assert locked.status_code in (403, 429)
    assert "Вход временно заблокирован" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account is not affected.
    UserFactory(username="methodist1")
    other = client.post(login, {"username": "methodist1", "password": PASSWORD})
    assert other.status_code == 302


@pytest.mark.django_db
def test_the_wagtail_admin_login_is_locked_out_too(client):
    UserFactory(username="editor1", is_staff=True, is_superuser=True)
    for _ in range(10):
        client.post("/admin/login/", {"username": "editor1", "password": "wrong"})
    locked = client.post("/admin/login/", {"username": "editor1", "password": PASSWORD})
    assert locked.status_code in (403, 429)
    assert client.get("/admin/").status_code == 302  # still sent to sign in


@pytest.mark.django_db
def test_failed_logins_are_recorded_with_the_address(client):
    from axes.models import AccessAttempt

    client.post(reverse("login"), {"username": "nobody", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    attempt = AccessAttempt.objects.get(username="nobody")
    assert attempt.failures_since_start == 1
    assert attempt.ip_address == "10.1.2.3"


def test_public_pages_send_a_content_security_policy_without_inline_scripts(client, home):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"


@pytest.mark.django_db
def test_analytics_pages_are_never_cached(client):
    from base.roles import REGIONAL_ANALYSTS
    from tests.factories.users import user_in

    anonymous = client.get("/analytics/")
    client.force_login(user_in(REGIONAL_ANALYSTS))
    signed_in = client.get("/analytics/")
    for response in (anonymous, signed_in):
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, cache_control


@pytest.mark.django_db
def test_password_recovery_is_rate_limited_per_address(client, mailoutbox):
    UserFactory(username="teacher1", email="teacher1@example.ru")
    url = reverse("password_reset")
    answers = [client.post(url, {"email": "teacher1@example.ru"}) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [302, 302, 302, 429]
    assert "Слишком много запросов на восстановление пароля" in answers[-1].content.decode()
    assert len(mailoutbox) == 3
    # Another person's recovery from the same place still goes through.
    UserFactory(username="teacher2", email="teacher2@example.ru")
    assert client.post(url, {"email": "teacher2@example.ru"}).status_code == 302
