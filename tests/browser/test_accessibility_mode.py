import re

from playwright.sync_api import expect

from .screen import fits_the_screen

PHONE = {"width": 390, "height": 844}
ACCESSIBLE = re.compile(r"\ba11y\b")


def font_size(page, selector):
    return page.evaluate(f"parseFloat(getComputedStyle(document.querySelector('{selector}')).fontSize)")


def test_a_visitor_on_a_phone_takes_the_largest_type_white_on_black_and_goes_back(page):
    page.set_viewport_size(PHONE)
    page.goto("/about/")
    usual_body = font_size(page, "main p")
    page.get_by_role("link", name="Версия для слабовидящих").click()
    panel = page.get_by_role("region", name="Настройки версии для слабовидящих")

    panel.get_by_role("link", name="Размер шрифта: 200 %").click()
    panel.get_by_role("link", name="Цвета: Белым по чёрному").click()
    expect(page).to_have_url(re.compile(r"/about/$"))
    expect(panel.get_by_role("link", name="Размер шрифта: 200 %")).to_have_attribute("aria-current", "true")
    expect(page.locator("html")).to_have_class(re.compile(r"a11y-size-200 a11y-colors-white-on-black"))

    assert fits_the_screen(page), "the page scrolls sideways at 200 %"
    body = font_size(page, "main p")
    assert body >= 2 * usual_body
    assert font_size(page, "h1") > body
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.querySelector('main p')).color") == "rgb(255, 255, 255)"

    # The panel is reached by keyboard, and the focused link's ring is drawn in the text colour.
    page.locator("body").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.a11y-panel') !== null"):
            break
    ring = page.evaluate(
        "(s => [s.outlineStyle, s.outlineColor, parseFloat(s.outlineWidth)])(getComputedStyle(document.activeElement))"
    )
    assert ring[:2] == ["solid", "rgb(255, 255, 255)"] and ring[2] >= 3

    panel.get_by_role("link", name="Обычная версия сайта").click()
    expect(page.locator("html")).not_to_have_class(ACCESSIBLE)
    expect(page.get_by_role("link", name="Версия для слабовидящих")).to_be_visible()
    assert font_size(page, "main p") == usual_body
