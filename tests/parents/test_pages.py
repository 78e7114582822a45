"""The service's public pages: what the service page, consultants, FAQ and lectures show, and
the way to the form from the home page."""

import datetime
import re

import pytest

from django.utils import timezone

from parents.choices import Format
from parents.models import FAQPage, LecturesPage
from tests.factories import pages, parents

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(home):
    page = parents.service(
        intro="<p>Бесплатная помощь педагогов и психологов.</p>",
        hours="Понедельник–пятница, 9:00–18:00",
        steps=[("step", {"title": "Оставьте обращение", "text": "Форма на сайте."})],
        formats=[("format", {"title": "По телефону", "text": "Позвоним сами."})],
    )
    pages.add_page(
        page,
        FAQPage,
        title="Частые вопросы",
        slug="faq",
        questions=[("question", {"question": "Платно ли это?", "answer": "<p>Нет, бесплатно.</p>"})],
    )
    pages.add_page(page, LecturesPage, title="Лекции для родителей", slug="lectures")
    return page


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_service_page_says_what_it_helps_with_how_and_where_to_ask(client, service):
    body = text(client, "/parents/")
    assert '<a class="button button-large" href="/parents/request/">Получить консультацию</a>' in body
    assert "Трудности в обучении" in body and "Подготовка к экзаменам" in body  # the seeded topics
    assert "Оставьте обращение" in body and "По телефону" in body
    assert "Понедельник–пятница, 9:00–18:00" in body
    assert "+7 (800) 555-01-24" in body and "parents@iro.example.ru" in body
    assert 'href="/parents/faq/"' in body and 'href="/parents/lectures/"' in body
    assert 'href="/parents/status/"' in body and 'href="/parents/delete/"' in body


def test_a_switched_off_topic_leaves_the_page_and_the_form(client, service):
    topic = parents.topic("Другое")
    topic.active = False
    topic.save()
    assert "<h3>Другое</h3>" not in text(client, "/parents/")
    assert not re.search(rf'name="topic" value="{topic.pk}"', text(client, "/parents/request/"))
    assert re.search(rf'name="topic" value="{parents.topic().pk}"', text(client, "/parents/request/"))


def test_consultants_are_listed_with_their_schedule_and_free_times(client, service):
    soon = timezone.now() + datetime.timedelta(days=5)
    profile = parents.consultant_page(title="Наталья Воронина", slots=[(soon, Format.ONLINE)])
    profile.schedule = [("hours", {"days": "Понедельник", "hours": "15:00–19:00", "formats": "по телефону"})]
    pages.publish(profile)

    assert "Наталья Воронина" in text(client, "/parents/")
    assert "Наталья Воронина" in text(client, "/parents/consultants/")
    body = text(client, profile.url)
    assert "педагог-психолог" in body and "15:00–19:00" in body
    assert "Можно записаться" in body and "консультация по видеосвязи" in body


def test_a_draft_consultant_is_not_shown(client, service):
    profile = parents.consultant_page(title="Черновой Консультант")
    profile.unpublish()
    assert "Черновой Консультант" not in text(client, "/parents/")
    assert "Черновой Консультант" not in text(client, "/parents/consultants/")


def test_the_faq_answers_open_by_keyboard(client, service):
    body = text(client, "/parents/faq/")
    assert "<summary>Платно ли это?</summary>" in body
    assert "Нет, бесплатно." in body


def test_the_lectures_page_shows_the_calendars_block_for_parents(client, service):
    body = text(client, "/parents/lectures/")
    assert 'class="lectures"' in body
    # No calendar in this small site: the block says so instead of breaking the page.
    assert "Календарь мероприятий пока не опубликован." in body


def test_the_home_page_leads_to_the_request_form(client, service):
    body = text(client, "/")
    assert '<a class="button" href="/parents/request/">Получить консультацию</a>' in body


def test_the_service_page_is_found_by_the_site_search(client, service):
    body = text(client, "/search/?query=консультац")
    assert "/parents/" in body
