import pytest

from django.core.cache import cache
from django.core.management import call_command

from home.models import HomePage
from tests.factories import pages


def pytest_collection_modifyitems(items):
    """Run tests that commit to the database (browser journeys) after the rest.

    They flush the tables when they finish; keeping them last means the ordinary tests never
    start on a database a browser journey has just emptied and re-seeded.
    """
    items.sort(
        key=lambda item: (
            "live_server" in getattr(item, "fixturenames", ())
            or "transactional_db" in getattr(item, "fixturenames", ())
        )
    )


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: rate limits and Wagtail's cached site paths count per test."""
    yield
    cache.clear()


@pytest.fixture
def home(db):
    """A bare site: the home page at the root of the default site, nothing under it."""
    return pages.home_page()


@pytest.fixture
def demo_site(db):
    """The whole demo (for the browser journeys and the tests of `load_demo` itself only)."""
    if not HomePage.objects.filter(slug="home", numchild__gt=3).exists():
        call_command("load_demo", force=True, verbosity=0)
    return HomePage.objects.get()
