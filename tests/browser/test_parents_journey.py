"""A parent on a phone: from the home page to the form, refused without consent, accepted with
it, with the reference number on the screen; every page of the service fits a 320 px screen
and its forms work by keyboard alone."""

import re

from playwright.sync_api import expect

from base.models import OutgoingEmail
from parents.models import ConsultantPage, ConsultationRequest

from .screen import fits_the_screen

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}


def test_a_parent_on_a_phone_sends_a_request_and_sees_its_number(page):
    page.set_viewport_size(PHONE)
    before = ConsultationRequest.objects.count()
    page.goto("/")
    page.locator("main").get_by_role("link", name="Получить консультацию").first.click()
    expect(page).to_have_url(re.compile(r"/parents/request/$"))
    expect(page.locator("h1")).to_have_text("Получить консультацию")
    assert fits_the_screen(page)

    page.get_by_label("Как к вам обращаться").fill("Мария Петровна")
    page.get_by_label("Электронная почта").fill("maria.journey@example.ru")
    page.get_by_label("Класс ребёнка").select_option(label="5 класс")
    page.get_by_label("Трудности в обучении").check()
    page.get_by_label("Ваш вопрос").fill("Сын перестал справляться с математикой в пятом классе. Как ему помочь?")
    expect(page.locator("#question-count")).to_contain_text("Осталось знаков")
    page.get_by_label("Письменный ответ на электронную почту").check()

    # Without the consent box: refused, with the reason on top and focused, nothing stored.
    page.get_by_role("button", name="Отправить обращение").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Отметьте согласие на обработку персональных данных")
    expect(summary).to_be_focused()
    assert ConsultationRequest.objects.count() == before
    expect(page.get_by_label("Ваш вопрос")).to_have_value(re.compile("Сын перестал"))
    assert fits_the_screen(page)

    page.get_by_label("Я даю согласие на обработку моих персональных данных").check()
    page.get_by_role("button", name="Отправить обращение").click()

    reference = page.locator("[data-reference]")
    expect(reference).to_have_text(re.compile(r"^К-\d{4}-\d{6}$"))
    expect(page.locator("h1")).to_have_text("Обращение принято")
    assert fits_the_screen(page)
    stored = ConsultationRequest.objects.get(reference=reference.inner_text())
    assert stored.email == "maria.journey@example.ru" and stored.consent_version
    letter = OutgoingEmail.objects.get(purpose="parents.received", subject__contains=stored.reference)
    assert letter.recipients == ["maria.journey@example.ru"]


def test_the_service_fits_a_narrow_screen_and_its_status_form_works_by_keyboard(page):
    page.set_viewport_size(NARROW)
    consultant = ConsultantPage.objects.live().first()
    for url in [
        "/parents/",
        "/parents/request/",
        "/parents/status/",
        "/parents/delete/",
        "/parents/faq/",
        "/parents/consultants/",
        "/parents/lectures/",
        consultant.url,
    ]:
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        assert fits_the_screen(page), url

    page.goto("/parents/status/")
    page.get_by_label("Номер обращения").focus()
    page.keyboard.type("К-2026-000000")
    page.keyboard.press("Tab")
    page.keyboard.type("nobody@example.ru")
    page.keyboard.press("Enter")
    expect(page.locator("#not-found")).to_contain_text("не найдено")

    page.goto("/parents/faq/")
    page.locator("summary").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("details").first).to_have_attribute("open", "")
