"""The staff analytics pages render what the stored run holds, and a clear state without one."""

import gzip
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from django.contrib.staticfiles import finders

from analytics.models import ComputationRun, IndicatorResult, SchoolYearResult
from analytics.views.common import NO_DATA, latest_run
from tests.factories.analytics import municipal_specialist, region, regional_analyst

pytestmark = pytest.mark.django_db


def fmt(value, digits=3):
    """As the pages show numbers (Django's floatformat in the Russian locale)."""
    return f"{value:.{digits}f}".replace(".", ",")


@pytest.fixture
def place(home):
    """A computed region of 40 schools in three municipalities, two years."""
    return region()


@pytest.fixture
def analyst(client, place):
    """A client signed in as a regional analyst (sees the whole region)."""
    client.force_login(regional_analyst())
    return client


def school_with_index(place):
    """The first school (by code) with a quality index in the latest year."""
    return place.rows(quality_index__isnull=False).order_by("school__code").first().school


def test_dashboard_shows_counts_of_the_latest_run_and_chart_sources(analyst):
    run = latest_run()
    year = max(run.years)
    rows = SchoolYearResult.objects.filter(run=run, year=year)
    page = analyst.get("/analytics/").content.decode()
    assert f"Обзор региона, {year} год" in page
    assert (
        f'<span class="kpi-value">{rows.filter(low_results=True).count()}</span> <span class="kpi-label">ШНОР' in page
    )
    assert f"/analytics/charts/scatter/?year={year}" in page
    assert "vendor/plotly/plotly-cartesian.min.js" in page
    assert "Данные графика" in page


def test_dashboard_year_switch_and_bad_year(analyst):
    run = latest_run()
    first = min(run.years)
    assert f"Обзор региона, {first} год" in analyst.get(f"/analytics/?year={first}").content.decode()
    response = analyst.get("/analytics/?year=abc")
    assert response.status_code == 200
    assert f"Обзор региона, {max(run.years)} год" in response.content.decode()


def test_chart_json_is_a_plotly_figure(analyst):
    figure = analyst.get("/analytics/charts/histogram/").json()
    assert figure["data"] and figure["data"][0]["type"] == "histogram"
    scatter = analyst.get("/analytics/charts/scatter/").json()
    names = " ".join(trace["name"] for trace in scatter["data"])
    for label in ("ШНОР", "ШФНСУ", "резильентные", "остальные"):
        assert label in names


def test_plotly_bundle_is_served_by_the_app():
    assert finders.find("vendor/plotly/plotly-cartesian.min.js")
    assert finders.find("analytics/charts.js")


def test_passport_shows_the_numbers_of_the_stored_run(analyst, place):
    run = latest_run()
    school = school_with_index(place)
    page = analyst.get(f"/analytics/schools/{school.code}/").content.decode()
    assert school.name in page
    rows = SchoolYearResult.objects.filter(run=run, school=school).order_by("year")
    assert rows.exists()
    for row in rows:
        if row.quality_index is not None:
            assert fmt(row.quality_index) in page
            low = row.quality_index - 1.959964 * row.quality_se
            assert fmt(low) in page
        if row.isbs is not None:
            assert fmt(row.isbs) in page
    latest = rows.last()
    for indicator in IndicatorResult.objects.filter(run=run, school=school, year=latest.year):
        assert fmt(indicator.index) in page
    assert "Это сигналы для проверки, а не вывод о необъективности." in page
    assert "Школы со сходным контекстом" in page
    assert "Скачать PDF" in page


def test_passport_of_a_low_results_school_suggests_a_partner_or_explains(analyst):
    run = latest_run()
    row = SchoolYearResult.objects.filter(run=run, year=max(run.years), low_results=True).first()
    page = analyst.get(f"/analytics/schools/{row.school.code}/").content.decode()
    assert "ШНОР" in page
    assert "Предлагаемый партнёр" in page or "действующее партнёрство" in page or "не найдено" in page


def test_passport_of_a_school_without_index_says_so(analyst, place):
    row = place.rows(quality_index__isnull=True).first()
    assert row is not None, "the region should have a school with too few participants for an index"
    page = analyst.get(f"/analytics/schools/{row.school.code}/").content.decode()
    assert "недостаточно данных" in page


def test_passport_pdf_is_a_pdf(analyst, place):
    school = school_with_index(place)
    response = analyst.get(f"/analytics/schools/{school.code}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"passport-{school.code}.pdf" in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    latest = SchoolYearResult.objects.filter(run=latest_run(), school=school).order_by("year").last()
    assert school.code in text
    assert fmt(latest.quality_index) in text
    assert "Это сигналы для проверки, а не вывод о необъективности." in " ".join(text.split())


def test_print_styles_hide_navigation():
    css = Path(finders.find("analytics/analytics.css")).read_text(encoding="utf-8")
    assert "@media print" in css


def test_school_list_filters_sorts_and_pages(analyst, monkeypatch):
    monkeypatch.setattr("analytics.views.schools.PAGE_SIZE", 10)
    run = latest_run()
    year = max(run.years)
    page = analyst.get(f"/analytics/schools/?year={year}").content.decode()
    total = SchoolYearResult.objects.filter(run=run, year=year).count()
    assert total > 10
    assert f"Найдено школ: <strong>{total}</strong>" in page
    assert f"Страница 1 из {-(-total // 10)}" in page
    codes = list(
        SchoolYearResult.objects.filter(run=run, year=year)
        .order_by("school__code")
        .values_list("school__code", flat=True)
    )
    second = analyst.get(f"/analytics/schools/?year={year}&page=2")
    assert second.status_code == 200
    body = second.content.decode()
    assert "Страница 2 из" in body
    assert f"/analytics/schools/{codes[10]}/" in body and f"/analytics/schools/{codes[0]}/" not in body
    best = (
        SchoolYearResult.objects.filter(run=run, year=year, quality_index__isnull=False)
        .order_by("-quality_index")
        .first()
    )
    page = analyst.get(f"/analytics/schools/?year={year}&sort=-quality_index").content.decode()
    assert page.index(best.school.name) < page.index("</tbody>")
    resilient = SchoolYearResult.objects.filter(run=run, year=year, resilient=True).count()
    assert resilient, "the region should have a resilient school"
    page = analyst.get(f"/analytics/schools/?year={year}&flag=resilient").content.decode()
    assert f"Найдено школ: <strong>{resilient}</strong>" in page


@pytest.mark.parametrize(
    "query",
    ["sort=drop table", "quality_group=99", "municipality=x", "flag=evil", "page=999", "year=1900", "trend=<script>"],
)
def test_school_list_ignores_bad_parameters(analyst, query):
    response = analyst.get(f"/analytics/schools/?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1].split("</main>")[0].replace(
        '<script src="', ""
    )


def test_municipality_view_lists_its_schools(client, place):
    own, other = place.municipalities[:2]
    client.force_login(municipal_specialist(own))
    page = client.get(f"/analytics/municipalities/{own.pk}/").content.decode()
    for school in place.schools_of(own):
        assert school.code in page
    for school in place.schools_of(other):
        assert f"/analytics/schools/{school.code}/" not in page


def test_regression_report_shows_the_stored_model(analyst):
    run = latest_run()
    report = run.regressions.filter(fitted=True).order_by("-year").first()
    page = analyst.get("/analytics/regression/").content.decode()
    assert f"{report.year} год" in page
    assert fmt(report.r2, 4) in page
    assert "VIF" in page and "p-значение" in page


def test_runs_list_shows_parameters(analyst):
    page = analyst.get("/analytics/runs/").content.decode()
    assert "min_participants" in page
    assert "(используется)" in page


URLS_WITHOUT_RUN = [
    "/analytics/",
    "/analytics/schools/",
    "/analytics/schools/export.csv",
    "/analytics/regression/",
    "/analytics/runs/",
]


@pytest.mark.parametrize("url", URLS_WITHOUT_RUN)
def test_pages_render_without_any_run(analyst, url):
    ComputationRun.objects.all().delete()
    response = analyst.get(url)
    assert response.status_code == 200
    assert NO_DATA in response.content.decode()


def test_passport_and_municipality_render_without_any_run(analyst, place):
    ComputationRun.objects.all().delete()
    school = place.schools[0]
    for url in (f"/analytics/schools/{school.code}/", f"/analytics/municipalities/{school.municipality_id}/"):
        response = analyst.get(url)
        assert response.status_code == 200
        assert NO_DATA in response.content.decode()
    assert analyst.get("/analytics/charts/histogram/").status_code == 404


def test_failed_run_is_not_shown(analyst):
    from django.utils import timezone

    good = latest_run()
    ComputationRun.objects.create(
        started_at=timezone.now(), status=ComputationRun.Status.FAILED, input_fingerprint="x", engine_version="x"
    )
    assert latest_run() == good


def test_analytics_page_in_the_tree_leads_to_the_dashboard(analyst):
    from analytics.models import AnalyticsIndexPage
    from tests.factories.pages import section

    page = section(AnalyticsIndexPage, "analytics", title="Аналитика")
    assert page.url == "/analytics/"
    assert analyst.get("/analytics/").status_code == 200


def test_exported_text_cannot_run_as_a_spreadsheet_formula():
    from analytics.exports import _xlsx_value, csv_value

    assert csv_value('=HYPERLINK("http://evil")').startswith("'=")
    assert _xlsx_value("@SUM(A1)") == "'@SUM(A1)"
    assert csv_value(-0.5) == "-0,5"
    assert csv_value(True) == "да"


def test_chart_figures_come_compressed_at_the_height_of_their_box_and_without_plotlys_template(analyst, place):
    from analytics import charts

    year = max(latest_run().years)
    school = school_with_index(place)
    for url in (f"/analytics/charts/scatter/?year={year}", f"/analytics/schools/{school.code}/chart/"):
        response = analyst.get(url, headers={"accept-encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip", url
        figure = json.loads(gzip.decompress(response.content))
        # The page keeps the box this high until the chart is drawn (analytics.css): nothing moves.
        assert figure["layout"]["height"] == charts.HEIGHT
        assert "layout" not in figure["layout"]["template"]
        assert all(round(x, charts.PLACES) == x for trace in figure["data"] for x in trace["x"] if x is not None)
