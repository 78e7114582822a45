"""The database cannot be reached: every request that needs it gets the Russian 503 page with
``Retry-After``, logged, rendered without the database; the site comes back by itself.

The outage is real, not mocked: the default connection is pointed where no database answers (a
SQLite file in a folder that does not exist; a PostgreSQL port nobody listens on) and the
request goes through the whole middleware stack of the settings. Transactional tests, because
the connection is reopened afterwards (a test transaction would not survive it).
"""

import copy
import logging
import socket
from contextlib import contextmanager

import pytest

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import Client, override_settings

from base.unavailable import RETRY_AFTER_SECONDS
from tests.factories.analytics import region, regional_analyst
from tests.faults.outage import OuterProbeMiddleware

pytestmark = pytest.mark.django_db(transaction=True)

OUTAGE_PAGE = "Сайт временно недоступен"
OUTAGE_URLS = "tests.faults.outage"


def closed_port() -> int:
    """A local port with nobody listening on it: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_unreachable(tmp_path):
    wrapper = connections[DEFAULT_DB_ALIAS]
    saved = copy.deepcopy(wrapper.settings_dict)
    set_aside = None
    if wrapper.vendor == "sqlite" and wrapper.is_in_memory_db():
        # Closing the last connection to an in-memory database would drop it: keep it aside.
        set_aside, wrapper.connection = wrapper.connection, None
    else:
        wrapper.close()
    if wrapper.vendor == "sqlite":
        wrapper.settings_dict["NAME"] = str(tmp_path / "missing" / "db.sqlite3")
    else:
        wrapper.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    try:
        yield
    finally:
        wrapper.close()
        wrapper.settings_dict.clear()
        wrapper.settings_dict.update(saved)
        if set_aside is not None:
            wrapper.connection = set_aside


def outage_logged(caplog) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "base.unavailable" and record.levelno == logging.ERROR
    ]


def assert_outage_page(response):
    assert response.status_code == 503
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert f"<title>{OUTAGE_PAGE}</title>" in page and "Подождите несколько минут" in page


def test_the_home_page_answers_503_in_russian_and_comes_back_after_the_outage(home, client, tmp_path, caplog):
    assert client.get("/").status_code == 200
    with database_unreachable(tmp_path):
        response = client.get("/")
        assert_outage_page(response)
        assert client.get("/no-such-page/").status_code == 503
    (message, _) = outage_logged(caplog)
    assert message.startswith("База данных недоступна, ответ 503 на GET /: OperationalError")
    assert client.get("/").status_code == 200, "the next request after the outage is served again"


def test_a_signed_in_analyst_gets_503_on_analytics_pages_and_stays_signed_in(home, client, tmp_path, caplog):
    place = region(n_schools=12, n_municipalities=2)
    client.force_login(regional_analyst())
    school = f"/analytics/schools/{place.schools[0].code}/"
    assert client.get("/analytics/").status_code == 200
    with database_unreachable(tmp_path):
        for url in ("/analytics/", school, "/cabinet/"):
            assert_outage_page(client.get(url))
    assert len(outage_logged(caplog)) == 3
    # The session survived: no one has to sign in again after the outage.
    assert client.get("/analytics/").status_code == 200
    assert client.get(school).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server that drops its connections")
def test_a_connection_the_server_dropped_is_an_outage_too(home, client, caplog):
    """PostgreSQL restarted under an open connection: the error comes on a query, not on connect."""
    assert client.get("/").status_code == 200
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    finally:
        other.close()
    assert_outage_page(client.get("/"))
    (message,) = outage_logged(caplog)
    assert "OperationalError" in message or "InterfaceError" in message
    # What Django does at the end of every request outside the test client: drop the dead connection.
    connection.close_if_unusable_or_obsolete()
    assert client.get("/").status_code == 200


@override_settings(ROOT_URLCONF=OUTAGE_URLS)
def test_an_outage_met_by_a_middleware_below_it_is_a_503_too(tmp_path, caplog):
    """The view needs no database; the session middleware meets the outage saving the session."""
    client = Client(raise_request_exception=False)
    with database_unreachable(tmp_path):
        response = client.get("/session/")
    assert_outage_page(response)
    (message,) = outage_logged(caplog)
    assert "GET /session/: OperationalError" in message


@override_settings(
    ROOT_URLCONF=OUTAGE_URLS,
    MIDDLEWARE=["tests.faults.outage.OuterProbeMiddleware", "django.contrib.sessions.middleware.SessionMiddleware"],
)
def test_django_hands_an_outer_middleware_a_500_response_not_the_exception(tmp_path):
    """Why the middleware listens to ``got_request_exception``: wrapping ``get_response`` in
    try/except sees only the 500 that Django already made of the session middleware's error."""
    OuterProbeMiddleware.seen = []
    client = Client(raise_request_exception=False)
    with database_unreachable(tmp_path):
        assert client.get("/session/").status_code == 500
    assert OuterProbeMiddleware.seen == [500]


@override_settings(ROOT_URLCONF=OUTAGE_URLS)
def test_a_bad_query_on_a_working_database_stays_a_server_error(caplog):
    """On SQLite a missing table is an OperationalError too; the database answered, so it is a
    bug to see in the logs as one, not an outage to wait out."""
    response = Client(raise_request_exception=False).get("/missing-table/")
    assert response.status_code == 500
    assert OUTAGE_PAGE not in response.content.decode()
    assert not outage_logged(caplog)


def test_what_needs_no_database_is_still_served_during_the_outage(client, tmp_path):
    with database_unreachable(tmp_path):
        robots = client.get("/robots.txt")
        style = client.get("/static/css/portal.css")
    assert robots.status_code == 200 and "Disallow: /analytics/" in robots.content.decode()
    assert style.status_code == 200
