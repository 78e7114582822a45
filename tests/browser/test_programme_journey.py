"""Programme monitoring in a real browser: the analyst follows a target to the schools short of
it and starts a partnership agreement from a suggestion; a municipal specialist sees only their
municipality; the pages hold at phone width."""

import io
from pathlib import Path

from docx import Document
from playwright.sync_api import expect

from analytics.models import Partnership
from registry.models import School, StaffProfile

from .screen import fits_the_screen
from .test_analytics_journey import sign_in

PARTNERSHIP_TARGET = "Доля школ — участников программы с действующим соглашением о партнёрстве"


def test_analyst_follows_a_target_to_its_shortfall_and_starts_an_agreement(page):
    sign_in(page, "analyst", next_url="/analytics/programme/")
    expect(page.locator("h1")).to_contain_text("Мониторинг программы")
    targets = page.locator("table.data-table tbody tr")
    assert targets.count() >= 10
    expect(page.get_by_role("heading", name="Не измеряется на портале")).to_be_visible()

    row = targets.filter(has_text=PARTNERSHIP_TARGET)
    row.locator("td").last.get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text(PARTNERSHIP_TARGET)
    shortfall = page.locator("section[aria-labelledby='shortfalls'] tbody tr")
    assert shortfall.count() >= 1

    card = page.locator(".partner-suggestions li.card").filter(has=page.get_by_role("button")).first
    low_code = card.locator("input[name='low']").get_attribute("value")
    strong_code = card.locator("input[name='strong']").get_attribute("value")
    card.get_by_role("button", name="Подготовить проект соглашения").click()

    low, strong = School.objects.get(code=low_code), School.objects.get(code=strong_code)
    expect(page.locator("main")).to_contain_text(low.name)
    expect(page.locator("main")).to_contain_text(strong.name)
    draft = Partnership.objects.get(low_school=low, strong_school=strong, status=Partnership.Status.DRAFT)
    assert draft.directions.count() == 7

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Скачать соглашение (DOCX)").click()
    document = Document(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert low.name in text and strong.name in text


def test_municipal_specialist_sees_only_their_municipality_and_the_pages_fit_a_phone(page):
    page.set_viewport_size({"width": 360, "height": 780})
    own = StaffProfile.objects.get(user__username="municipal").municipality
    foreign = set(School.objects.exclude(municipality=own).values_list("municipality__name", flat=True))
    sign_in(page, "municipal", next_url="/analytics/programme/")
    expect(page.locator("h1")).to_contain_text("Мониторинг программы")
    expect(page.locator("main")).to_contain_text("по школам вашего муниципалитета")
    assert fits_the_screen(page)

    short = page.locator("table.data-table tbody tr td:last-child a").first
    short.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Кто не достиг цели и почему")).to_be_visible()
    assert fits_the_screen(page)
    shortfall = page.locator("section[aria-labelledby='shortfalls']").inner_text()
    assert not [name for name in foreign if name in shortfall]
