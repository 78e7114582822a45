"""The public page cache: what is kept, what is never kept, and what makes a kept page go."""

import pytest

from base import roles
from base.models import SiteSettings
from base.pagecache import HEADER
from practices.models import Subject
from tests.factories import communities as events
from tests.factories import pages
from tests.factories.library import make_practice, practice_index
from tests.factories.users import user_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, home):
    settings.PAGE_CACHE_SECONDS = 600
    # Made on the first page view otherwise, and its creation invalidates like any change to it.
    SiteSettings.for_site(home.get_site())


def visit(client, url, **headers):
    response = client.get(url, **headers)
    return response, response.get(HEADER)


def test_second_anonymous_visit_is_served_without_the_database(client, home, django_assert_num_queries):
    practice = make_practice("Смысловое чтение в 5 классе")
    first, state = visit(client, practice.url)
    assert (first.status_code, state) == (200, "miss")
    with django_assert_num_queries(0):
        second, state = visit(client, practice.url)
    assert state == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in second


def test_anonymous_public_pages_set_no_cookie(client, home):
    practice = make_practice("Наставничество")
    event = events.make_event(events.make_calendar(home))
    for url in ("/", practice_index().url, practice.url, event.url, "/search/?query=наставничество"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, (url, list(response.cookies))
        assert response.get(HEADER) == "miss", url


def test_publishing_a_change_is_seen_at_once(client, home):
    practice = make_practice("Читательская грамотность")
    visit(client, practice.url)
    visit(client, "/")
    practice.title = "Читательская грамотность в сельской школе"
    pages.publish(practice)
    response, state = visit(client, practice.url)
    assert state == "miss"
    assert "в сельской школе" in response.content.decode()
    assert visit(client, "/")[1] == "miss"


def test_a_draft_changes_nothing_public(client, home):
    practice = make_practice("Проектная неделя")
    visit(client, practice.url)
    practice.title = "Черновик, которого нет на сайте"
    practice.save_revision()
    response, state = visit(client, practice.url)
    assert state == "hit"
    assert "Черновик" not in response.content.decode()


def test_unpublished_moved_and_deleted_pages_are_not_served_from_the_cache(client, home):
    gone, moved, deleted = (make_practice(title) for title in ("Снятая", "Перенесённая", "Удалённая"))
    urls = [gone.url, moved.url, deleted.url]
    for url in urls:
        assert visit(client, url)[1] == "miss"
        assert visit(client, url)[1] == "hit"

    gone.unpublish()
    assert client.get(urls[0]).status_code == 404

    other = pages.add_page(home, type(practice_index()), title="Архив", slug="archive")
    moved.move(other, pos="last-child")
    # Wagtail leaves a redirect from the old address to the new one.
    assert client.get(urls[1])["Location"] == moved.specific_class.objects.get(pk=moved.pk).url

    deleted.delete()
    assert client.get(urls[2]).status_code == 404


def test_a_page_made_private_is_never_served_from_the_cache(client, home):
    practice = make_practice("Для своих")
    visit(client, practice.url)
    events.restrict(practice)
    response, state = visit(client, practice.url)
    # Wagtail's password form instead of the kept page; it carries a form token, so it is not
    # kept either.
    assert 'name="password"' in response.content.decode()
    assert state is None
    assert visit(client, practice.url)[1] is None


def test_signed_in_visitors_get_their_own_page_and_it_is_never_kept(client, home):
    practice = make_practice("Финансовая грамотность")
    visit(client, practice.url)
    client.force_login(user_in(roles.REGIONAL_ANALYSTS))
    response, state = visit(client, practice.url)
    assert state is None
    assert "Выйти" in response.content.decode()
    client.logout()
    response, state = visit(client, practice.url)
    assert state == "hit"
    assert "Выйти" not in response.content.decode()


def test_visually_impaired_choice_bypasses_the_cache(client, home):
    visit(client, "/")
    client.cookies["a11y"] = "size:200"
    response, state = visit(client, "/")
    assert state is None
    assert "a11y" in response.content.decode()


def test_forms_are_never_kept(client, home):
    calendar = events.make_calendar(home)
    event = events.make_event(calendar, capacity=5)
    form_url = f"{event.url}register/{event.occurrences.get().pk}/"
    first = client.get(form_url)
    assert first.status_code == 200
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert first.get(HEADER) is None
    # Even for a visitor who already has a CSRF cookie (the page then sets none).
    second = client.get(form_url)
    assert second.get(HEADER) is None


def test_a_registration_refreshes_the_seats_of_its_date_alone(client, home):
    calendar = events.make_calendar(home)
    event = events.make_event(calendar, capacity=3)
    other = events.make_event(calendar, title="Вебинар о наставничестве", capacity=3)
    practice = make_practice("Смысловое чтение")
    assert "Осталось 3 места" in client.get(event.url).content.decode()
    for url in (practice.url, other.url):
        visit(client, url)
    assert visit(client, event.url)[1] == "hit"

    events.make_registration(event.occurrences.get())
    response, state = visit(client, event.url)
    assert state == "miss"
    assert "Осталось 2 места" in response.content.decode()
    assert visit(client, practice.url)[1] == "hit"
    assert visit(client, other.url)[1] == "hit"
    # The calendar shows every date's seats: it depends on each of them.
    visit(client, calendar.url)
    events.make_registration(other.occurrences.get())
    assert visit(client, calendar.url)[1] == "miss"


@pytest.mark.parametrize("change", ["setting", "taxonomy"])
def test_what_every_page_shows_besides_pages_invalidates_them(client, home, change):
    practice = make_practice("Урок-исследование", subjects=["mathematics"])
    visit(client, practice.url)
    if change == "setting":
        site_settings = SiteSettings.for_site(home.get_site())
        site_settings.organisation_name = "Институт развития образования края"
        site_settings.save()
        expected = "Институт развития образования края"
    else:
        subject = Subject.objects.get(slug="mathematics")
        subject.name = "Алгебра и геометрия"
        subject.save()
        expected = "Алгебра и геометрия"
    response, state = visit(client, practice.url)
    assert state == "miss"
    assert expected in response.content.decode()


def test_off_when_no_shared_cache_is_configured(client, home, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert client.get("/").get(HEADER) is None


def test_staff_and_analytics_paths_are_never_kept(client, home):
    for url in ("/accounts/login/", "/analytics/"):
        client.get(url)
        assert client.get(url).get(HEADER) is None, url
