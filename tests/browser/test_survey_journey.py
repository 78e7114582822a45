"""A parent answers the satisfaction survey on a phone through their school's link: section by
section, a missed question named and focused, the scale chosen by keyboard, the answers sent
once; then an analyst on a phone finds the school's share among the programme schools, and the
programme monitoring uses it."""

import re

from playwright.sync_api import expect

from django.utils import timezone

from surveys.models import Campaign, Response

from .screen import fits_the_screen
from .test_analytics_journey import sign_in

PHONE = {"width": 390, "height": 844}


def open_campaign():
    today = timezone.localdate()
    return Campaign.objects.get(
        survey__kind="satisfaction", audience="parents", opens_on__lte=today, closes_on__gte=today
    )


def test_a_parent_answers_on_a_phone_and_the_analyst_sees_the_school(page):
    page.set_viewport_size(PHONE)
    campaign = open_campaign()
    link = campaign.targets.select_related("school").order_by("school__code").first()
    before = Response.objects.filter(campaign=campaign, submitted_at__isnull=False).count()

    page.goto(f"/surveys/{link.code}/")
    expect(page.locator("h1")).to_have_text("Удовлетворённость родителей качеством образования")
    expect(page.locator(".survey-school")).to_contain_text(link.school.name)
    assert fits_the_screen(page)
    page.get_by_role("link", name="Начать").click()

    # The first section sent empty: the summary names what is missing and takes the focus.
    expect(page.get_by_text("Раздел 1 из 3")).to_be_visible()
    page.get_by_role("button", name="Сохранить и далее").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Ответьте на этот вопрос.")
    assert fits_the_screen(page)

    page.get_by_label("Скорее удовлетворён(а)").check()
    # The scale by keyboard: focus its first value, then the arrow keys move the choice.
    scale = page.get_by_role("group", name=re.compile("Оцените, как ребёнка учат"))
    scale.get_by_role("radio").first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(scale.get_by_role("radio", name=re.compile("^4"))).to_be_checked()
    page.get_by_label("Да, всегда").check()
    page.get_by_role("button", name="Сохранить и далее").click()

    expect(page.get_by_text("Раздел 2 из 3")).to_be_visible()
    draft = Response.objects.get(campaign=campaign, submitted_at__isnull=True)
    assert len(draft.answers) == 3
    page.get_by_role("group", name=re.compile("безопасно и комфортно")).get_by_role(
        "radio", name=re.compile("^5")
    ).check()
    page.get_by_label("Кружки и секции").check()
    assert fits_the_screen(page)
    page.get_by_role("button", name="Сохранить и далее").click()

    expect(page.get_by_text("Раздел 3 из 3")).to_be_visible()
    page.get_by_label("Каждую неделю").check()
    page.get_by_label("Что бы вы хотели сказать школе?").fill("Спасибо классному руководителю!")
    page.get_by_role("button", name="Отправить ответы").click()

    expect(page.locator("h1")).to_have_text("Ответы отправлены")
    assert fits_the_screen(page)
    assert Response.objects.filter(campaign=campaign, submitted_at__isnull=False).count() == before + 1

    # The same phone again: thanked, not asked twice.
    page.goto(f"/surveys/{link.code}/")
    expect(page.locator("h1")).to_have_text("Вы уже ответили")

    # An analyst on a phone: the programme schools' satisfied shares, some with too few answers.
    sign_in(page, "analyst", "/analytics/surveys/")
    expect(page.locator("h1")).to_have_text("Анкетирование")
    table = page.get_by_role("region", name="Удовлетворённость родителей по школам")
    expect(table).to_contain_text("мало ответов")
    expect(table).to_contain_text(re.compile(r"\d+(,\d)?\s%"))
    assert fits_the_screen(page)
    page.goto("/analytics/programme/")
    expect(
        page.get_by_role("link", name=re.compile("Удовлетворённость родителей качеством образования"))
    ).to_be_visible()
    row = page.locator("tr", has=page.get_by_role("link", name=re.compile("Удовлетворённость родителей")))
    expect(row).to_contain_text("родителей")
    expect(row).not_to_contain_text("нет данных")
