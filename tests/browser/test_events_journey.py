"""A teacher finds a seminar in the calendar and registers for it (demo content, headless Chromium).

Run on a desktop window and on a 390×844 phone; the month is switched by keyboard, as someone
who does not use a mouse would.
"""

import re

import pytest
from playwright.sync_api import expect

from .screen import fits_the_screen

SERIES = "Заседание клуба руководителей школ"


def tab_to(page, selector_check, limit=80):
    """Press Tab until the focused element satisfies ``selector_check`` (a JS expression on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {selector_check})(document.activeElement)"):
            return
    pytest.fail(f"nothing matching {selector_check} can be reached with Tab")


@pytest.mark.parametrize("viewport", [None, {"width": 390, "height": 844}], ids=["desktop", "phone"])
def test_teacher_opens_the_calendar_switches_month_opens_an_event_and_registers(page, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    page.goto("/")
    if viewport:
        # On a phone the main menu is folded behind «Меню» (a <details>).
        page.get_by_role("navigation", name="Основное меню").locator("summary", has_text="Меню").click()
    page.get_by_role("navigation", name="Основное меню").get_by_role("link", name="Мероприятия").click()
    expect(page.locator("h1")).to_have_text("Мероприятия")
    # The month grid stays inside the screen, on a phone too.
    assert fits_the_screen(page)

    # The calendar offers its feed for subscription, and it is a real calendar.
    feed = page.get_by_role("link", name="Скачать файл .ics")
    expect(feed).to_have_attribute("href", re.compile(r"/events/feed\.ics$"))
    response = page.request.get(feed.get_attribute("href"))
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.text().count("BEGIN:VEVENT") >= 10

    month = page.locator("#month-title")
    this_month = month.inner_text()
    tab_to(page, "el.getAttribute('rel') === 'next'")
    page.keyboard.press("Enter")
    expect(month).not_to_have_text(this_month)
    expect(page).to_have_url(re.compile(r"\?month=\d{4}-\d{2}"))

    # The monthly leaders' club meets every second Tuesday, so it is in next month's grid.
    page.locator("table.month-grid").get_by_role("link", name=re.compile(SERIES)).first.click()
    expect(page.locator("h1")).to_have_text(SERIES)
    anchor = page.url.split("#", 1)[1]
    assert anchor.startswith("occurrence-")

    page.locator(f"#{anchor}").get_by_role("link", name="Зарегистрироваться").click()
    expect(page.locator("h1")).to_have_text("Регистрация на мероприятие")
    page.get_by_label("Фамилия, имя, отчество").fill("Сидорова Анна Петровна")
    page.get_by_label("Электронная почта").fill("sidorova.anna@school.example.ru")
    page.get_by_label("Организация, если её нет в списке").fill("Частная школа «Умка»")
    page.get_by_label("Должность").fill("заместитель директора")
    page.get_by_label(re.compile("Я даю согласие на обработку")).check()
    page.get_by_role("button", name="Зарегистрироваться").click()

    expect(page.locator("h1")).to_have_text("Вы зарегистрированы")
    expect(page.locator("main")).to_contain_text("Сидорова Анна Петровна")
