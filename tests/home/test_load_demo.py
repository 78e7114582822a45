"""`load_demo` itself: it runs twice without duplicating, prints the accounts and guards production.

Roles, their rights and «Экспертиза» come from migrations (tests/home/test_roles.py); the loader
only puts its people in those groups.
"""

import io

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command
from django.db import transaction

from wagtail.models import GroupPagePermission, Page, Site, Task, Workflow

from demo.site import DEMO_ACCOUNTS, DEMO_PASSWORD
from home.models import HomePage
from practices.models import MaterialPage


def counts():
    return {
        "pages": Page.objects.count(),
        "users": get_user_model().objects.count(),
        "sites": Site.objects.count(),
    }


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module, inside a transaction rolled back at its end.

    Each test still runs in its own savepoint; loading the whole region per test would cost
    about twenty seconds each.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", force=True, verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_home(loaded_demo, db):
    return HomePage.objects.get()


def roles_and_review():
    return {
        "groups": set(Group.objects.values_list("name", flat=True)),
        "page_rights": GroupPagePermission.objects.count(),
        "workflows": set(Workflow.objects.values_list("name", flat=True)),
        "tasks": Task.objects.count(),
    }


def test_load_demo_twice_changes_no_counts(demo_home):
    before = counts()
    call_command("load_demo", force=True, verbosity=0)
    call_command("load_demo", force=True, verbosity=0)
    assert counts() == before


def test_load_demo_leaves_roles_and_review_to_migrations(demo_home):
    before = roles_and_review()
    call_command("load_demo", force=True, verbosity=0)
    assert roles_and_review() == before


def test_load_demo_creates_the_documented_paths(demo_home):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == demo_home
    for slug in ["practices", "materials", "bank", "communities", "events", "parents", "news", "analytics"]:
        assert demo_home.get_children().filter(slug=slug).exists(), slug


def test_load_demo_creates_one_account_per_role_with_the_demo_password(demo_home):
    users = get_user_model().objects
    for username, _role, group_name, *_ in DEMO_ACCOUNTS:
        user = users.get(username=username)
        assert user.check_password(DEMO_PASSWORD), username
        if group_name:
            assert list(user.groups.values_list("name", flat=True)) == [group_name], username
        else:
            assert user.is_superuser, username


def test_load_demo_prints_the_accounts(demo_home, capsys):
    call_command("load_demo", force=True)
    output = capsys.readouterr().out
    for username, *_ in DEMO_ACCOUNTS:
        assert username in output
    assert DEMO_PASSWORD in output


def test_load_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    before = counts()
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")
    assert counts() == before


def test_demo_pdfs_carry_russian_text_the_resource_bank_can_read(demo_home):
    from pypdf import PdfReader

    material = MaterialPage.objects.live().filter(subjects__slug="mathematics").first()
    row = material.files.filter(document__file__endswith=".pdf").first()
    with row.document.file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(handle).pages)
    assert "математике" in text


def test_load_demo_sends_no_letters_and_prints_the_accounts_last(demo_home, capsys, mailoutbox):
    call_command("load_demo", force=True)
    lines = capsys.readouterr().out.rstrip().splitlines()
    assert mailoutbox == []
    heading = next(i for i, line in enumerate(lines) if line.startswith("Демо-учётные записи"))
    listed = [line.split()[0] for line in lines[heading + 1 :]]
    assert all(line.startswith("  ") and " — " in line for line in lines[heading + 1 :])
    assert {username for username, *_ in DEMO_ACCOUNTS} <= set(listed)


def test_load_demo_gives_the_site_the_address_the_demo_serves(demo_home, settings, capsys):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    call_command("load_demo", force=True)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    assert demo_home.get_full_url() == "http://127.0.0.1:8123/"
    assert "Сайт: http://127.0.0.1:8123/" in capsys.readouterr().out


def test_demo_console_prints_letters_readably():
    from config.dev_mail import ReadableConsoleBackend

    stream = io.StringIO()
    message = EmailMultiAlternatives(
        "Регистрация подтверждена: «Семинар учителей математики»",
        "Здравствуйте! Отменить регистрацию: http://127.0.0.1:8123/events/cancel/abc/\n" + "Длинная строка. " * 80,
        "portal@localhost",
        ["participant@example.ru"],
    )
    message.attach_alternative("<p>Здравствуйте!</p>", "text/html")
    message.attach("event.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    ReadableConsoleBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert "Тема: Регистрация подтверждена: «Семинар учителей математики»" in printed
    assert "Отменить регистрацию: http://127.0.0.1:8123/events/cancel/abc/" in printed
    assert "event.ics (text/calendar)" in printed
    assert "=?utf-8?" not in printed
    assert "base64" not in printed
