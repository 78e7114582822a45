"""The public pages as a phone meets them, with and without JavaScript (demo content, Chromium).

The library's filters and the main menu fold in the markup (<details>), so they open with the
keyboard in a browser that runs no script; on a wide screen CSS shows them open. One test walks
through all of it, since each test loads the whole demo again.
"""

import re

import pytest
from playwright.sync_api import expect

from .screen import fits_the_screen

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}


def tab_to(page, check, limit=80):
    """Press Tab until the focused element satisfies ``check`` (a JS expression on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {check})(document.activeElement)"):
            return
    pytest.fail(f"nothing matching {check} can be reached with Tab")


@pytest.fixture
def scriptless(browser, live_server, demo_site):
    context = browser.new_context(base_url=live_server.url, locale="ru-RU", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_without_javascript_a_phone_shows_results_first_and_folds_open_by_keyboard(scriptless):
    page = scriptless
    page.set_viewport_size(PHONE)
    for url in ("/practices/", "/materials/"):
        page.goto(url)
        first = page.locator(".resource-card").first.bounding_box()
        assert first["y"] < PHONE["height"], f"{url}: the first result starts at {first['y']:.0f} px"
        assert fits_the_screen(page), url

    # The filters are folded; Tab reaches their summary and Enter opens them, no script involved.
    filters = page.get_by_role("form", name="Фильтры")
    maths = filters.get_by_label("Математика")
    expect(maths).to_be_hidden()
    tab_to(page, "el.matches('.library-filters-fold > summary')")
    page.keyboard.press("Enter")
    expect(maths).to_be_visible()
    tab_to(page, "el.name === 'subject' && el.value === 'mathematics'")
    page.keyboard.press("Space")
    tab_to(page, "el.type === 'submit' && el.closest('.library-filters')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/materials/\?.*subject=mathematics"))
    expect(page.locator(".library-filters-fold > summary")).to_contain_text("выбрано: 1")
    expect(page.get_by_role("form", name="Фильтры").get_by_label("Математика")).to_be_hidden()

    # The main menu: folded behind «Меню», opened from the keyboard, its links then reachable.
    menu = page.get_by_role("navigation", name="Основное меню")
    events = menu.get_by_role("link", name="Мероприятия")
    expect(events).to_be_hidden()
    summary = menu.locator("summary")
    expect(summary).to_have_text("Меню")
    box = summary.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    page.locator("body").focus()
    tab_to(page, "el.matches('.menu-fold > summary')")
    page.keyboard.press("Enter")
    expect(events).to_be_visible()
    assert events.bounding_box()["height"] >= 44
    tab_to(page, "el.textContent.trim() === 'Мероприятия'")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Мероприятия")

    # A wide screen has room: the menu and the filters are open, without their summaries.
    page.set_viewport_size(WIDE)
    page.goto("/materials/")
    expect(page.get_by_role("form", name="Фильтры").get_by_label("Математика")).to_be_visible()
    expect(page.locator(".library-filters-fold > summary")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Основное меню").get_by_role("link", name="Мероприятия")).to_be_visible()
    expect(page.locator(".menu-fold > summary")).to_be_hidden()
    page.goto("/bank/")
    expect(page.get_by_role("complementary", name="Фильтры").get_by_role("checkbox").first).to_be_visible()
    page.set_viewport_size(PHONE)
    expect(page.get_by_role("complementary", name="Фильтры").get_by_role("checkbox").first).to_be_hidden()
    expect(page.locator(".bank-item").first).to_be_in_viewport()
