"""A visitor reaches «Сведения об образовательной организации» from any page's footer, on a phone,
and reads every subsection without scrolling sideways."""

from playwright.sync_api import expect

from tests.browser.screen import fits_the_screen

SECTION = "Сведения об образовательной организации"


def test_visitor_on_a_phone_reads_every_subsection_of_the_section(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    footer_link = page.get_by_role("contentinfo").get_by_role("link", name=SECTION)
    footer_link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(SECTION)
    assert fits_the_screen(page), "/sveden/"

    links = page.get_by_role("navigation", name="Подразделы сведений об организации").get_by_role("link")
    expect(links).to_have_count(14)
    addresses = [links.nth(number).get_attribute("href") for number in range(14)]
    titles = [links.nth(number).inner_text() for number in range(14)]
    for address, title in zip(addresses, titles, strict=True):
        page.goto(address)
        expect(page.locator("h1")).to_have_text(title)
        assert fits_the_screen(page), address
