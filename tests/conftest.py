import pytest

from django.core.management import call_command

from home.models import HomePage


def pytest_collection_modifyitems(items):
    """Run tests that commit to the database (browser journeys) after the rest.

    Transactional tests empty the tables when they finish; running them last keeps the demo
    data loaded once per session available to every ordinary test.
    """
    items.sort(
        key=lambda item: (
            "live_server" in getattr(item, "fixturenames", ())
            or "transactional_db" in getattr(item, "fixturenames", ())
        )
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo site once per test session; each test still runs in its own transaction."""
    with django_db_blocker.unblock():
        call_command("load_demo", force=True, verbosity=0)


@pytest.fixture
def demo_site(db):
    """The demo page tree, loaded again if a transactional test emptied the database."""
    if not HomePage.objects.exists():
        call_command("load_demo", force=True, verbosity=0)
    return HomePage.objects.get()
