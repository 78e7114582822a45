import pytest

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from analytics.models import AnalyticsIndexPage
from communities.models import CommunityIndexPage, EventIndexPage
from home.models import ContentPage, HomePage, NewsArticlePage, NewsIndexPage
from practices.models import MaterialIndexPage, PracticeIndexPage
from search.models import BankPage

SECTIONS = {
    NewsIndexPage,
    PracticeIndexPage,
    MaterialIndexPage,
    CommunityIndexPage,
    EventIndexPage,
    BankPage,
    AnalyticsIndexPage,
}


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_only_under_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_holds_every_section_and_content_pages(self):
        self.assertAllowedSubpageTypes(HomePage, SECTIONS | {ContentPage})

    def test_sections_sit_only_under_the_home_page(self):
        for section in SECTIONS:
            with self.subTest(section=section.__name__):
                self.assertAllowedParentPageTypes(section, {HomePage})

    def test_news_articles_live_only_in_the_news_index(self):
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsArticlePage})
        self.assertAllowedParentPageTypes(NewsArticlePage, {NewsIndexPage})

    def test_content_pages_nest_under_home_and_each_other(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, ContentPage})
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})

    def test_singleton_pages_allow_one_per_site(self):
        for page_type in SECTIONS | {HomePage}:
            with self.subTest(page_type=page_type.__name__):
                self.assertEqual(page_type.max_count, 1)


PUBLIC_PATHS = [
    "/",
    "/practices/",
    "/materials/",
    "/bank/",
    "/communities/",
    "/events/",
    "/parents/",
    "/parents/faq/",
    "/news/",
    "/news/news-1/",
    "/about/",
    "/about/privacy/",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_every_demo_page_renders_in_russian(client, demo_site, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert "Перейти к содержимому" in html
    assert 'id="main"' in html


def test_every_page_type_of_the_site_has_a_rendered_demo_page(client, demo_site):
    rendered_types = set()
    for page in Page.objects.live().public().descendant_of(demo_site, inclusive=True).specific():
        if isinstance(page, AnalyticsIndexPage):
            continue
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        rendered_types.add(type(page))
    assert {HomePage, ContentPage, NewsArticlePage} | (SECTIONS - {AnalyticsIndexPage}) <= rendered_types


def test_content_page_renders_every_body_block(client, demo_site):
    html = client.get("/about/").content.decode()
    assert '<h2 class="block-heading">Цели программы</h2>' in html
    assert "<table" in html and "Целевое значение" in html
    assert "block-cta" in html and "Написать методистам" in html


def test_news_index_paginates_with_links(client, demo_site):
    first = client.get("/news/").content.decode()
    assert first.count('class="news-item"') == 10
    assert 'href="?page=2"' in first
    second = client.get("/news/?page=2").content.decode()
    assert second.count('class="news-item"') == 2


def test_news_index_shows_the_last_page_for_a_page_number_out_of_range(client, demo_site):
    response = client.get("/news/?page=999")
    assert response.status_code == 200
    assert response.content.decode().count('class="news-item"') == 2


def test_news_dates_are_written_in_russian(client, demo_site):
    html = client.get("/news/news-1/").content.decode()
    assert "16 ноября 2026" in html


def test_header_navigation_and_breadcrumbs(client, demo_site):
    html = client.get("/parents/faq/").content.decode()
    assert 'aria-label="Основное меню"' in html
    assert '<a href="/parents/" aria-current="page">Родителям</a>' in html
    assert 'aria-label="Навигационная цепочка"' in html
    assert '<li aria-current="page">Частые вопросы</li>' in html


def test_footer_shows_organisation_contacts_and_privacy_policy(client, demo_site):
    html = client.get("/").content.decode()
    assert "Региональный институт развития образования" in html
    assert "info@iro.example.ru" in html
    assert 'href="/about/privacy/"' in html


def test_unknown_url_gets_the_russian_404_page(client, demo_site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Страница не найдена" in html
    assert 'href="/search/"' in html


def test_draft_pages_are_not_served(client, demo_site):
    news = NewsIndexPage.objects.get()
    draft = NewsArticlePage(title="Черновик новости", slug="draft-news", body=[])
    news.add_child(instance=draft)
    draft.unpublish()
    assert client.get("/news/draft-news/").status_code == 404
    assert "Черновик новости" not in client.get("/news/").content.decode()


def test_site_search_finds_published_pages_and_survives_odd_queries(client, demo_site):
    response = client.get("/search/", {"query": "консультационная служба"})
    assert response.status_code == 200
    assert "Родителям" in response.content.decode()
    for query in ['"', "(((", "a" * 5000, "' OR 1=1 --", "😀", "AND OR NOT"]:
        assert client.get("/search/", {"query": query}).status_code == 200


def test_analytics_section_sends_anonymous_visitors_to_sign_in(client, demo_site):
    response = client.get("/analytics/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_analytics_section_is_forbidden_to_content_editors(client, demo_site, django_user_model):
    client.force_login(django_user_model.objects.get(username="methodist"))
    response = client.get("/analytics/")
    assert response.status_code == 403
    assert "Доступ ограничен" in response.content.decode()


def test_analytics_section_opens_for_the_regional_analyst(client, demo_site, django_user_model):
    client.force_login(django_user_model.objects.get(username="analyst"))
    assert client.get("/analytics/").status_code == 200


def test_admin_speaks_russian_and_accepts_the_demo_admin(client, demo_site):
    login = client.get("/admin/login/")
    assert "Войти" in login.content.decode() or "Вход" in login.content.decode()
    response = client.post("/admin/login/", {"username": "admin", "password": "demo-password"})
    assert response.status_code == 302
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Панель управления" in dashboard.content.decode()


def test_home_page_has_an_entry_block_for_each_audience(client, demo_site):
    html = client.get("/").content.decode()
    for audience, target in [("Учителям", "/practices/"), ("Методистам", "/bank/"), ("Родителям", "/parents/")]:
        assert f"<h3>{audience}</h3>" in html
        assert f'href="{target}"' in html
