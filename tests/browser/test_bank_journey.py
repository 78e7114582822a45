import re

from playwright.sync_api import expect

from search.models import BankPage
from tests.search.conftest import make_material, make_practice, sections  # noqa: F401 (fixtures)


def test_teacher_searches_the_bank_narrows_by_two_facets_and_opens_a_resource(page, make_material, make_practice):  # noqa: F811 (fixtures imported above)
    make_material(
        "Тарусский задачник по алгебре",
        "Задачи по математике для тарусских школ.",
        subjects=["mathematics"],
        grades=[7],
        year=2024,
    )
    make_material(
        "Тарусский тест по геометрии",
        "Проверочная работа по математике, тарусский вариант.",
        subjects=["mathematics"],
        grades=[8],
        year=2023,
    )
    make_practice(
        "Тарусский математический клуб",
        "Клуб для тех, кому трудно даётся математика.",
        subjects=["mathematics"],
        year=2024,
    )
    bank_url = BankPage.objects.get().url

    page.goto(bank_url)
    page.get_by_label("Поиск по практикам и материалам").fill("тарусский математический")
    page.locator("#main").get_by_role("button", name="Найти").click()
    expect(page.locator(".bank-total")).to_have_text("Найдено: 3")
    expect(page.locator(".snippet mark").first).to_be_visible()

    page.get_by_role("checkbox", name=re.compile(r"^Методический материал")).check()
    expect(page.locator(".bank-total")).to_have_text("Найдено: 2")
    page.get_by_role("checkbox", name=re.compile(r"^2024")).check()
    expect(page.locator(".bank-total")).to_have_text("Найдено: 1")
    expect(page.get_by_role("checkbox", name=re.compile(r"^Методический материал"))).to_be_checked()

    page.get_by_role("link", name="Тарусский задачник по алгебре").click()
    expect(page.locator("h1")).to_have_text("Тарусский задачник по алгебре")
