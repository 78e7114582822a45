import pytest

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.models import Page, Site

from home.demo import DEMO_ACCOUNTS


def counts():
    return {
        "pages": Page.objects.count(),
        "users": get_user_model().objects.count(),
        "sites": Site.objects.count(),
    }


def test_load_demo_twice_changes_no_counts(demo_site):
    before = counts()
    call_command("load_demo", force=True, verbosity=0)
    call_command("load_demo", force=True, verbosity=0)
    assert counts() == before


def test_load_demo_creates_the_documented_paths(client, demo_site):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == demo_site
    for slug in ["practices", "materials", "bank", "communities", "events", "parents", "news", "analytics"]:
        assert demo_site.get_children().filter(slug=slug).exists(), slug


def test_load_demo_creates_one_account_per_role_with_the_demo_password(demo_site):
    users = get_user_model().objects
    for username, *_ in DEMO_ACCOUNTS:
        assert users.get(username=username).check_password("demo-password"), username
    assert users.get(username="admin").is_superuser
    assert users.get(username="methodist").groups.filter(name="Методисты").exists()


def test_load_demo_prints_the_accounts(demo_site, capsys):
    call_command("load_demo", force=True)
    output = capsys.readouterr().out
    for username, *_ in DEMO_ACCOUNTS:
        assert username in output
    assert "demo-password" in output


def test_load_demo_refuses_to_run_with_debug_off(demo_site, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")
