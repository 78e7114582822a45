"""What leaves the portal: the command's output table opens safely in a spreadsheet, a passport
names nothing outside the viewer's scope, and the chart toolbar sends nothing to a cloud."""

import datetime
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.template.loader import render_to_string

from analytics.access import Level, Scope
from analytics.models import Partnership
from analytics.views.common import latest_run
from analytics.views.passport import passport_data
from tests.factories.analytics import municipal_specialist, region, school_leader

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REGION = Scope(Level.REGION)


# --- compute_indices --output ------------------------------------------------------------------


def test_compute_indices_output_writes_formula_like_codes_as_text_and_numbers_as_numbers(tmp_path):
    place = region(compute=False)
    hostile = {place.schools[0]: "=HYPERLINK(1)", place.schools[1]: "+7-1", place.schools[2]: "@SUM(A1)"}
    for school, code in hostile.items():
        school.code = code
        school.save(update_fields=["code"])
    output = tmp_path / "out.csv"
    call_command("compute_indices", output=str(output), stdout=io.StringIO())

    table = pd.read_csv(output, dtype=str, keep_default_na=False)
    codes = set(table["school_code"])
    assert {"'=HYPERLINK(1)", "'+7-1", "'@SUM(A1)"} <= codes
    assert not any(code.startswith(("=", "+", "-", "@")) for code in codes)
    # Negative numbers are numbers, not formulas: they are written as the engine formats them.
    negatives = [value for value in table["quality_z"] if value.startswith("-")]
    assert negatives and all(float(value) < 0 for value in negatives)
    assert not any(
        value.startswith("'") for column in table.columns if column != "school_code" for value in table[column]
    )


# --- the passport's partner suggestion ----------------------------------------------------------


def _low_school_with_partner_elsewhere(place):
    """A low-results school whose suggested partner is in another municipality.

    Every strong school of its municipality is made busy (two active partnerships, the most
    METHODOLOGY.md allows), so the engine has to look elsewhere.
    """
    run = latest_run()
    for row in place.rows(low_results=True).select_related("school").order_by("school__code"):
        low = row.school
        own_strong = place.rows(quality_group__gte=8, school__municipality=low.municipality_id)
        others = [s for s in place.schools_of(low.municipality) if s.pk != low.pk]
        for strong in own_strong.select_related("school"):
            for other in others[:2]:
                Partnership.objects.create(
                    low_school=other, strong_school=strong.school, status="signed", start_date=datetime.date(2020, 1, 1)
                )
        partner = passport_data(REGION, run, low)["partner"]
        if partner and not partner["same_municipality"]:
            return low, partner
        Partnership.objects.all().delete()
    pytest.fail("the region should have a low-results school that can be paired across municipalities")


@pytest.mark.parametrize("viewer", ["municipal", "school"])
def test_passport_does_not_name_a_partner_outside_the_viewers_scope(client, home, viewer):
    place = region()
    low, partner = _low_school_with_partner_elsewhere(place)
    elsewhere = partner["municipality"]  # the real name, as the regional analyst sees it
    assert elsewhere and elsewhere != low.municipality.name
    user = municipal_specialist(low.municipality) if viewer == "municipal" else school_leader(low)
    client.force_login(user)

    page = client.get(f"/analytics/schools/{low.code}/").content.decode()
    assert "Предлагаемый партнёр" in page
    assert "школа вне вашей области доступа" in page and "другой муниципалитет" in page
    assert elsewhere not in page
    assert partner["name"] not in page and f"/analytics/schools/{partner['code']}/" not in page

    pdf = client.get(f"/analytics/schools/{low.code}/pdf/")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert elsewhere not in text and partner["name"] not in text
    assert "другой муниципалитет" in " ".join(text.split())


def test_passport_names_the_partner_for_the_region(client, home):
    place = region()
    low, partner = _low_school_with_partner_elsewhere(place)
    data = passport_data(REGION, latest_run(), low)
    assert data["partner"]["link"] and data["partner"]["municipality"] == partner["municipality"]
    assert data["partner"]["name"] == partner["name"]


# --- the chart toolbar --------------------------------------------------------------------------


def _charts_js():
    return Path(finders.find("analytics/charts.js")).read_text(encoding="utf-8")


def _config(js):
    match = re.search(r"var config = \{(.*?)\};", js, re.S)
    assert match, "charts.js keeps the plotly config in one object"
    return match.group(1)


def test_chart_toolbar_cannot_send_school_data_to_a_cloud():
    config = _config(_charts_js())
    assert re.search(r"showSendToCloud:\s*false", config)
    assert re.search(r'plotlyServerURL:\s*""', config)
    assert re.search(r"showLink:\s*false", config) and re.search(r"showEditInChartStudio:\s*false", config)
    removed = re.search(r"modeBarButtonsToRemove:\s*\[(.*?)\]", config).group(1)
    for button in ("sendChartToCloud", "select2d", "lasso2d"):
        assert f'"{button}"' in removed
    # The button's name in the plotly.js the portal serves (a renamed button would come back).
    bundle = Path(finders.find("vendor/plotly/plotly-cartesian.min.js")).read_text(encoding="utf-8")
    assert 'name:"sendChartToCloud"' in bundle


def test_chart_toolbar_speaks_russian():
    js = _charts_js()
    assert re.search(r'locale:\s*"ru"', _config(js))
    assert "Plotly.register(RU)" in js
    dictionary = dict(re.findall(r'^\s*"([^"]+)": "([^"]+)",?$', js.split("dictionary:")[1].split("format:")[0], re.M))
    bundle = Path(finders.find("vendor/plotly/plotly-cartesian.min.js")).read_text(encoding="utf-8")
    # Titles of the 2D buttons that stay on the toolbar, as the served plotly.js names them.
    for title in (
        "Download plot as a PNG",
        "Zoom",
        "Pan",
        "Zoom in",
        "Zoom out",
        "Autoscale",
        "Reset axes",
        "Toggle Spike Lines",
        "Show closest data on hover",
        "Compare data on hover",
    ):
        assert f'"{title}"' in bundle, f"plotly.js no longer has the title {title!r}"
        assert re.search("[а-яё]", dictionary.get(title, ""), re.I), f"no Russian title for {title!r}"


def test_chart_scripts_are_files_not_inline():
    html = render_to_string("analytics/components/plotly.html")
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
