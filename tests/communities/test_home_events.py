"""``{% upcoming_events %}``: the home page's slot and the parents' pages' list."""

from django.template import Context, Template
from django.test import RequestFactory

from communities.models import EventPage
from tests.factories import communities as f


def render(tag):
    request = RequestFactory().get("/")
    return Template("{% load event_tags %}" + tag).render(Context({"request": request}))


def test_the_home_page_shows_the_next_three_visible_events_and_links_the_calendar(calendar, client):
    for day, title in [(1, "Первое"), (2, "Второе"), (3, "Третье"), (4, "Четвёртое")]:
        f.make_event(calendar, title=f"{title} мероприятие", start=f.at(day))
    f.make_event(calendar, title="Завтрашний черновик", start=f.at(1), publish_now=False)
    f.restrict(f.make_event(calendar, title="Закрытое завтра", start=f.at(1)))
    f.make_event(calendar, title="Отменённое завтра", start=f.at(1), status=EventPage.Status.CANCELLED)
    f.make_event(calendar, title="Вчерашнее", start=f.at(-1))

    html = client.get("/").content.decode()

    section = html.split('id="events-title"', 1)[1].split("</section>", 1)[0]
    assert "Ближайшие мероприятия" in html
    assert section.index("Первое") < section.index("Второе") < section.index("Третье")
    assert "Четвёртое" not in section
    for hidden in ("черновик", "Закрытое", "Отменённое", "Вчерашнее"):
        assert hidden not in section
    assert '<a href="/events/">Все мероприятия</a>' in section


def test_the_parents_list_holds_only_events_for_parents(calendar):
    f.make_event(
        calendar, title="Лекция «Как помочь ребёнку с домашними заданиями»", start=f.at(2), audiences=["parents"]
    )
    f.make_event(calendar, title="Семинар для учителей", start=f.at(1), audiences=["teachers"])

    html = render('{% upcoming_events audience="parents" limit=5 %}')

    assert "Как помочь ребёнку" in html and "Семинар для учителей" not in html
    assert 'href="/events/?audience=parents"' in html


def test_without_events_the_slot_says_so_and_hostile_arguments_do_not_break_it(calendar):
    assert "Ближайших мероприятий пока нет." in render("{% upcoming_events %}")
    assert "Ближайших мероприятий пока нет." in render('{% upcoming_events audience="<x>" limit="abc" %}')


def test_without_a_published_calendar_the_slot_has_no_link(home):
    html = render("{% upcoming_events %}")

    assert "Календарь мероприятий пока не опубликован." in html
    assert "Все мероприятия" not in html
