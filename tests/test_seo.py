"""What search engines and browsers get besides the pages: robots.txt, sitemap.xml, descriptions,
noindex on account pages, the favicon; and how light the analytics pages are (the partial plotly
bundle, no userbar).
"""

import re
from pathlib import Path

import pytest

from django.contrib.staticfiles import finders

from base.models import SiteSettings
from home.models import ContentPage
from tests.factories.analytics import region, regional_analyst
from tests.factories.communities import restrict
from tests.factories.pages import add_page
from tests.factories.users import superuser

pytestmark = pytest.mark.django_db

BUNDLE = "vendor/plotly/plotly-cartesian.min.js"
USERBAR = "<wagtail-userbar"


def description_of(html: str) -> str:
    match = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert match, "the page has no meta description"
    return match.group(1)


def test_robots_txt_keeps_crawlers_out_of_private_sections_and_points_to_the_sitemap(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    for prefix in ("/admin/", "/analytics/", "/accounts/", "/cabinet/", "/search/"):
        assert f"Disallow: {prefix}\n" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_live_public_pages_and_no_drafts_or_private_ones(client, home):
    public = add_page(home, ContentPage, title="Открытая страница", slug="open")
    add_page(home, ContentPage, title="Черновик", slug="draft", publish_now=False)
    closed = add_page(home, ContentPage, title="Закрытая страница", slug="closed")
    add_page(closed, ContentPage, title="Внутри закрытой", slug="inside")
    restrict(closed)
    unpublished = add_page(home, ContentPage, title="Снятая с публикации", slug="withdrawn")
    unpublished.unpublish()

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<loc>http://localhost/</loc>" in body
    assert f"<loc>http://localhost{public.url}</loc>" in body
    for slug in ("draft", "closed", "inside", "withdrawn"):
        assert f"/{slug}/" not in body, slug


def test_page_description_comes_from_its_search_description_then_its_summary(client, home):
    described = add_page(home, ContentPage, title="С описанием", slug="described", search_description="Для поиска.")
    summarised = add_page(home, ContentPage, title="С кратким", slug="summarised", summary="Краткое описание.")
    assert description_of(client.get(described.url).content.decode()) == "Для поиска."
    assert description_of(client.get(summarised.url).content.decode()) == "Краткое описание."


def test_pages_without_a_description_and_other_views_describe_the_portal(client, home):
    settings = SiteSettings.for_site(home.get_site())
    settings.organisation_name = "Институт развития образования Энской области"
    settings.save()
    plain = add_page(home, ContentPage, title="Без описания", slug="plain")
    for url in ("/", plain.url, "/accounts/login/", "/accounts/password_reset/"):
        description = description_of(client.get(url).content.decode())
        assert description.startswith("Институт развития образования Энской области: лучшие практики"), url


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/password_reset/", "/accounts/password_reset/done/"])
def test_account_pages_ask_search_engines_not_to_index_them(client, home, url):
    assert '<meta name="robots" content="noindex' in client.get(url).content.decode()


def test_public_pages_may_be_indexed(client, home):
    assert 'name="robots"' not in client.get("/").content.decode()


def test_favicon_in_the_page_and_at_the_address_browsers_ask_for(client, home):
    html = client.get("/").content.decode()
    for name in ("favicon.svg", "favicon.ico", "apple-touch-icon.png"):
        assert f"/static/{name}" in html
        assert finders.find(name), name
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"


def trace_types_in_bundle() -> set[str]:
    bundle = Path(finders.find(BUNDLE)).read_text(encoding="utf-8")
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', bundle))


# A trace type the bundle lacks falls back to plotly's default, scatter: scattergl comes out
# as an SVG scatter (checked in Chromium), which is all the dashboard's scatter needs.
DRAWN_AS = {"scattergl": "scatter"}


def test_analytics_pages_load_the_partial_plotly_bundle_with_every_chart_type_they_draw(client, home):
    place = region()
    client.force_login(regional_analyst())
    html = client.get("/analytics/").content.decode()
    assert f"/static/{BUNDLE}" in html
    assert "plotly.min.js" not in html
    school = place.rows(quality_index__isnull=False).order_by("school__code").first().school
    passport = client.get(f"/analytics/schools/{school.code}/").content.decode()
    assert f"/static/{BUNDLE}" in passport

    sources = re.findall(r'data-chart-src="([^"]+)"', html + passport)
    assert len(sources) >= 5
    drawn = {
        trace.get("type", "scatter")
        for source in sources
        for trace in client.get(source.replace("&amp;", "&")).json()["data"]
    }
    available = trace_types_in_bundle()
    assert {"histogram", "scatter"} <= drawn
    assert {DRAWN_AS.get(kind, kind) for kind in drawn} <= available


def test_pages_without_charts_load_no_plotly(client, home):
    client.force_login(regional_analyst())
    assert "plotly" not in client.get("/").content.decode()
    assert "plotly" not in client.get("/analytics/runs/").content.decode()


def test_no_userbar_on_analytics_pages_even_for_an_administrator(client, home):
    client.force_login(superuser())
    assert USERBAR in client.get("/").content.decode()
    for url in ("/analytics/", "/analytics/schools/", "/analytics/runs/"):
        assert USERBAR not in client.get(url).content.decode(), url


def test_no_userbar_for_visitors(client, home):
    assert USERBAR not in client.get("/").content.decode()
