"""The main public pages pass axe-core at phone width: no violation of impact «serious» or
«critical», nor the moderate «landmark-unique». One test over all the pages, since every test
loads the whole demo again.

axe-core is fetched, pinned and checked against the npm registry's integrity by `make install`
(the Makefile's AXE_VERSION). It runs through the DevTools protocol (`page.evaluate`), not a
<script> element: the site's Content-Security-Policy rightly refuses inline scripts, and the page
fixture fails a test whose page had something refused.
"""

import sys
from pathlib import Path

import pytest

from communities.models import EventPage
from practices.models import PracticePage
from surveys.models import Campaign

PHONE = {"width": 390, "height": 844}
BLOCKING = {"serious", "critical"}
# Moderate findings the pages once had and must not get back: two search landmarks without
# names of their own (the header's and the bank's or the search page's).
ALSO_BLOCKING = {"landmark-unique"}


def axe_source() -> str:
    found = sorted((Path(sys.prefix) / "share" / "axe-core").glob("*/axe.min.js"))
    if not found:
        pytest.fail("axe-core is not installed: run `make install`.")
    return found[-1].read_text(encoding="utf-8")


def blocking_violations(page) -> list[str]:
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:5]}"
        for violation in result["violations"]
        if violation["impact"] in BLOCKING or violation["id"] in ALSO_BLOCKING
    ]


def test_main_public_pages_have_no_serious_accessibility_violations_on_a_phone(page):
    source = axe_source()
    practice = PracticePage.objects.live().public().order_by("path").first()
    event = EventPage.objects.live().public().order_by("path").first()
    # A parent's survey link (its start page and its first section, which sets the cookie first).
    survey = next(c for c in Campaign.objects.filter(survey__kind="satisfaction") if c.is_open).targets.first()
    urls = [
        "/",
        "/practices/",
        "/materials/",
        practice.url,
        "/bank/",
        "/events/",
        event.url,
        "/parents/",
        "/parents/request/",
        "/search/?query=математика",
        f"/surveys/{survey.code}/",
        f"/surveys/{survey.code}/1/",
    ]
    page.set_viewport_size(PHONE)
    found = {}
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("load")
        page.evaluate(source)
        violations = blocking_violations(page)
        if violations:
            found[url] = violations
    assert not found, "\n".join(f"{url}: {violation}" for url, items in found.items() for violation in items)
