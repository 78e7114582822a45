"""The calendar and the communities section, built per test (see tests/factories/communities.py)."""

import pytest

from tests.factories import communities


@pytest.fixture
def calendar(home):
    """/events/ with a published consent text for registrations."""
    return communities.make_calendar(home)


@pytest.fixture
def community_index(home):
    """/communities/."""
    return communities.make_community_index(home)
