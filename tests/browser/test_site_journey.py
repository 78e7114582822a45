import re

from playwright.sync_api import expect

ACCESSIBLE = re.compile(r"\ba11y\b")


def test_visitor_follows_navigation_to_a_content_page_and_switches_to_the_accessible_version(page):
    page.goto("/")
    expect(page.locator("h1")).to_contain_text("Программа поддержки школ")

    page.get_by_role("navigation", name="Основное меню").get_by_role("link", name="О программе").click()
    expect(page).to_have_url(page.url.split("/about/")[0] + "/about/")
    expect(page.locator("h1")).to_have_text("О программе")
    expect(page.get_by_role("navigation", name="Навигационная цепочка")).to_contain_text("Главная")

    page.get_by_role("link", name="Версия для слабовидящих").click()
    expect(page.locator("html")).to_have_class(ACCESSIBLE)
    expect(page.locator("h1")).to_have_text("О программе")
    large = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert large > 16

    # The choice is remembered on the next page.
    page.get_by_role("link", name="Новости").first.click()
    expect(page.locator("html")).to_have_class(ACCESSIBLE)

    page.get_by_role("link", name="Обычная версия сайта").click()
    expect(page.locator("html")).not_to_have_class(ACCESSIBLE)
