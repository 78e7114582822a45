"""Staff analytics in a real browser: the analyst's journey and a municipal specialist's limits."""

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import expect

from registry.models import School, StaffProfile

from .screen import fits_the_screen

PASSWORD = "demo-password"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 720}


def sign_in(page, username, next_url="/analytics/"):
    page.goto(f"/accounts/login/?next={next_url}")
    page.locator("main").get_by_label("Имя пользователя").fill(username)
    page.locator("main").get_by_label("Пароль").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Войти").click()


def test_analyst_opens_dashboard_filters_list_opens_passport_and_downloads_export(page):
    sign_in(page, "analyst")
    expect(page.locator("h1")).to_contain_text("Обзор региона")
    # On a phone the wide tables scroll inside their boxes, and nothing widens the page.
    page.set_viewport_size(PHONE)
    assert fits_the_screen(page)
    page.set_viewport_size(DESKTOP)
    # Plotly (served by the portal) draws the charts from the chart data endpoints: those near
    # the screen after the page is shown, the others as they are scrolled to. A chart's box has
    # its height before it is drawn, so drawing moves nothing.
    charts = page.locator(".chart")
    expect(charts.first).to_have_class(re.compile(r"\bjs-plotly-plot\b"))
    expect(page.locator(".js-plotly-plot svg").first).to_be_attached()
    expect(charts.last).not_to_have_class(re.compile(r"\bjs-plotly-plot\b"))
    waiting = charts.last.bounding_box()["height"]
    charts.last.scroll_into_view_if_needed()
    expect(page.locator(".js-plotly-plot")).to_have_count(4)
    assert charts.last.bounding_box()["height"] == waiting

    page.get_by_role("navigation", name="Разделы аналитики").get_by_role("link", name="Школы").click()
    expect(page.locator("h1")).to_contain_text("Школы")
    page.get_by_label("ШНОР", exact=True).check()
    page.get_by_role("button", name="Применить").click()
    assert "flag=low_results" in page.url
    count = int(page.get_by_role("status").filter(has_text="Найдено школ").locator("strong").inner_text())
    assert count > 0
    assert page.locator("table.school-table tbody tr").count() == min(count, 50)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == count + 1
    assert all(row[rows[0].index("ШНОР")] == "да" for row in rows[1:])

    first = page.locator("table.school-table tbody tr").first.get_by_role("link")
    name = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(name)
    page.set_viewport_size(PHONE)
    assert fits_the_screen(page)
    page.set_viewport_size(DESKTOP)
    page.locator(".chart").scroll_into_view_if_needed()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    expect(page.get_by_text("Это сигналы для проверки, а не вывод о необъективности.")).to_be_visible()


def test_municipal_specialist_cannot_open_a_passport_of_another_municipality(page):
    own = StaffProfile.objects.get(user__username="municipal").municipality
    outside = School.objects.exclude(municipality=own).order_by("code").first()
    inside = School.objects.filter(municipality=own).order_by("code").first()
    sign_in(page, "municipal", next_url=f"/analytics/schools/{inside.code}/")
    expect(page.locator("h1")).to_have_text(inside.name)

    response = page.goto(f"/analytics/schools/{outside.code}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(outside.name)
    expect(page.locator("h1")).to_contain_text("не найдена")


def colours_of_the_first_chart(page):
    chart = page.locator(".chart").first
    chart.scroll_into_view_if_needed()
    expect(chart).to_have_attribute("data-chart-state", "drawn")
    return page.evaluate(
        """(chart => {
            const fill = selector => getComputedStyle(chart.querySelector(selector)).fill;
            return {
                plot: fill("rect.bg"),
                ticks: fill(".xtick text"),
                title: fill(".g-xtitle text"),
                legend: fill(".legendtext"),
                grid: getComputedStyle(chart.querySelector(".xgrid")).stroke,
            };
        })(document.querySelector(".chart"))"""
    )


def test_charts_take_the_colours_of_the_scheme_for_the_visually_impaired(page):
    sign_in(page, "analyst")
    usual = colours_of_the_first_chart(page)
    assert usual["plot"] == "rgb(255, 255, 255)"

    panel = page.get_by_role("region", name="Настройки версии для слабовидящих")
    page.get_by_role("link", name="Версия для слабовидящих").click()
    panel.get_by_role("link", name="Цвета: Белым по чёрному").click()
    expect(page.locator("html")).to_have_class(re.compile(r"a11y-colors-white-on-black"))
    dark = colours_of_the_first_chart(page)
    white, black = "rgb(255, 255, 255)", "rgb(0, 0, 0)"
    assert dark == {"plot": black, "ticks": white, "title": white, "legend": white, "grid": white}
    # The scheme's blanket background stays off the chart's stacked layers, which hid the plot.
    painted = page.evaluate(
        """[...document.querySelectorAll('.chart *')]
            .filter(el => getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)')
            .map(el => el.getAttribute('class'))"""
    )
    assert painted == []

    panel.get_by_role("link", name="Цвета: Тёмно-синим по голубому").click()
    blue = colours_of_the_first_chart(page)
    assert blue["plot"] == "rgb(157, 209, 255)" and blue["ticks"] == "rgb(6, 52, 98)"
