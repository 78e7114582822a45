"""The registration journey in a real browser: the form, its Russian errors, the confirmation, the
cancel link with its confirmation step, under the site's Content-Security-Policy.

A browser catches what the test client cannot: the browser's own referrer and Origin rules
meeting Django's CSRF check on the participant's private pages, and the search box of the
school list, which is a script.
"""

import pytest
from playwright.sync_api import expect

from django.db import connections

from communities import registration as service
from communities.models import Registration
from tests.factories import communities as f
from tests.factories import pages
from tests.factories.registry import SchoolFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser_page(browser, live_server):
    """A page of the session's browser on a site this test builds itself (not the demo)."""
    context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()
    # Database calls made while Playwright runs get a connection of their own (Django keeps
    # connections per context, and Playwright's sync API switches contexts); closed here, or
    # PostgreSQL refuses to drop the test database at the end while it is still open.
    connections.close_all()
    assert refused == []


def test_register_find_the_school_see_the_seat_then_cancel(browser_page):
    page = browser_page
    calendar = f.make_calendar(pages.home_page())
    SchoolFactory(name="Гимназия № 1")
    school = SchoolFactory(name="Лицей № 2")
    event = f.make_event(calendar, title="Семинар для завучей", capacity=1)
    occurrence = event.occurrences.get()

    page.goto(event.url)
    page.get_by_role("link", name="Зарегистрироваться").click()
    expect(page.get_by_role("heading", name="Регистрация на мероприятие")).to_be_visible()

    form = page.locator(".registration-form")
    form.get_by_role("button", name="Зарегистрироваться").click()
    expect(page.get_by_text("Укажите фамилию, имя и отчество.")).to_be_visible()
    expect(page.get_by_text("Отметьте согласие на обработку персональных данных").first).to_be_visible()
    assert not Registration.objects.exists()

    page.fill("#id_full_name", "Кузнецова Дарья Олеговна")
    page.fill("#id_email", "darya@example.ru")
    page.fill("#id_position", "заместитель директора")
    # The search box narrows the list of schools to the one typed; it is then chosen.
    page.fill("#school-filter", "лицей")
    assert page.locator("#id_school").input_value() == str(school.pk)
    page.check("#id_consent")
    form.get_by_role("button", name="Зарегистрироваться").click()

    expect(page.get_by_role("heading", name="Вы зарегистрированы")).to_be_visible()
    registration = Registration.objects.get()
    assert (registration.school, registration.status) == (school, Registration.Status.CONFIRMED)

    page.get_by_role("link", name="Отменить регистрацию").click()
    expect(page.get_by_role("heading", name="Отменить регистрацию?")).to_be_visible()
    page.get_by_role("button", name="Да, отменить регистрацию").click()
    expect(page.get_by_role("heading", name="Регистрация отменена")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert service.availability(occurrence).seats_left == 1
