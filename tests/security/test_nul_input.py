"""A NUL character in an analytics address or filter is a 404 or an ignored filter, never a 500.

SQLite takes NUL inside text and finds nothing; PostgreSQL refuses it with a ValueError that
used to surface as a 500, so these tests matter most when DATABASE_URL points to PostgreSQL.
"""

import pytest

from analytics.views.common import clean_text
from tests.factories.analytics import region, regional_analyst

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(client, home):
    region()
    client.force_login(regional_analyst())
    return client


# Filters of the school list and its exports: the bad value is dropped like any unknown value.
IGNORED = [
    "/analytics/schools/?q=%00",
    "/analytics/schools/?q=%D0%A8%00%D0%BA",
    "/analytics/schools/?cluster=%00",
    "/analytics/schools/?municipality=%00",
    "/analytics/schools/?trend=%00&flag=%00&sort=%00&page=%00",
    "/analytics/schools/?year=%00&quality_group=%00&isbs_group=%00",
    "/analytics/schools/export.csv?q=%00",
    "/analytics/schools/export.xlsx?cluster=%00",
    "/analytics/?year=%00",
    "/analytics/regression/?year=%00",
    "/analytics/runs/?page=%00",
]
# Addresses whose path carries the NUL: no such object.
NOT_FOUND = [
    "/analytics/schools/%00/",
    "/analytics/schools/%00/chart/",
    "/analytics/schools/%00/pdf/",
    "/analytics/schools/R%000001/",
    "/analytics/municipalities/%00/",
    "/analytics/charts/%00/",
]


@pytest.mark.parametrize("url", IGNORED)
def test_a_nul_in_a_filter_is_ignored(analyst, url):
    assert analyst.get(url).status_code == 200


def test_a_nul_in_the_search_query_lists_as_without_the_query(analyst):
    everything = analyst.get("/analytics/schools/").context["total"]
    assert everything > 0
    assert analyst.get("/analytics/schools/?q=R%00").context["total"] == everything


@pytest.mark.parametrize("url", NOT_FOUND)
def test_a_nul_in_the_path_is_not_found(analyst, url):
    assert analyst.get(url).status_code == 404


def test_clean_text_drops_values_the_database_cannot_take():
    assert clean_text("  школа 5 ", 100) == "школа 5"
    assert clean_text("школа\x005", 100) == ""
    assert clean_text(None, 10) == ""
    assert clean_text("x" * 20, 10) == "x" * 10
