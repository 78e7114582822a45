import datetime
import re

import pytest

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from analytics.models import AnalyticsIndexPage
from base.models import ConsentPage
from base.roles import METHODISTS, REGIONAL_ANALYSTS
from communities.models import CommunityIndexPage, CommunityPage, EventIndexPage, EventPage
from home.models import ContentPage, HomePage, NewsArticlePage, NewsIndexPage, OrgInfoIndexPage
from parents.models import ConsultantIndexPage, ConsultantPage, ConsultationServicePage
from practices.models import CollectionPage, MaterialIndexPage, MaterialPage, PracticeIndexPage, PracticePage
from search.models import BankPage
from tests.factories import communities, library, pages, parents, users

SECTIONS = {
    NewsIndexPage,
    PracticeIndexPage,
    MaterialIndexPage,
    CommunityIndexPage,
    EventIndexPage,
    BankPage,
    AnalyticsIndexPage,
    ConsultationServicePage,
    OrgInfoIndexPage,
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
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage, ConsentPage})
        self.assertAllowedParentPageTypes(ConsentPage, {ContentPage})

    def test_singleton_pages_allow_one_per_site(self):
        for page_type in SECTIONS | {HomePage}:
            with self.subTest(page_type=page_type.__name__):
                self.assertEqual(page_type.max_count, 1)


@pytest.fixture
def one_page_of_each_type(home, add_news, content_page):
    """Every public page type of the site, once (the analytics section is served by Django views)."""
    add_news(1)
    content_page("Частые вопросы", "faq", parent=content_page("О программе", "about"))
    practice = library.make_practice("Практика")
    material = library.make_material("Материал")
    library.make_collection("Подборка", [practice, material])
    communities.make_community(communities.make_community_index(home))
    communities.make_event(communities.make_calendar(home))
    parents.consultant_page()
    pages.section(BankPage, "bank")
    pages.section(OrgInfoIndexPage, "sveden", title="Сведения об образовательной организации")
    return home


def test_every_page_type_renders_in_russian(client, one_page_of_each_type):
    rendered = set()
    for page in Page.objects.live().descendant_of(one_page_of_each_type, inclusive=True).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert '<html lang="ru">' in html, page.url
        assert "Перейти к содержимому" in html, page.url
        assert 'id="main"' in html, page.url
        rendered.add(type(page))
    assert rendered == {
        HomePage,
        ContentPage,
        NewsArticlePage,
        PracticePage,
        MaterialPage,
        CollectionPage,
        CommunityPage,
        EventPage,
        ConsentPage,
        ConsultantIndexPage,
        ConsultantPage,
    } | (SECTIONS - {AnalyticsIndexPage})


def test_content_page_renders_every_body_block(client, content_page):
    document = library.make_document("Положение о программе", "rules.docx")
    content_page(
        "О программе",
        "about",
        body=[
            ("heading", {"text": "Цели программы", "level": "h2"}),
            ("paragraph", "<p>Программа помогает школам.</p>"),
            ("quote", {"text": "Каждая школа может стать сильной.", "attribution": "Директор института"}),
            (
                "table",
                {
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "data": [["Показатель", "Целевое значение"], ["Школы с индексами", "100%"]],
                },
            ),
            ("document", {"document": document, "title": ""}),
            (
                "call_to_action",
                {
                    "title": "Поделитесь опытом",
                    "text": "",
                    "button_text": "Написать методистам",
                    "page": None,
                    "url": "mailto:metod@iro.test",
                },
            ),
        ],
    )
    html = client.get("/about/").content.decode()
    assert '<h2 class="block-heading">Цели программы</h2>' in html
    assert '<div class="block-paragraph"><p>Программа помогает школам.</p></div>' in html
    assert "<footer>— Директор института</footer>" in html
    assert "<table" in html and "Целевое значение" in html
    assert f'<a href="{document.url}">Положение о программе</a>' in html
    assert "block-cta" in html and "Написать методистам" in html


def test_content_page_lists_its_published_subpages(client, content_page):
    parents = content_page("Родителям", "parents")
    content_page("Частые вопросы", "faq", parent=parents)
    pages.add_page(parents, ContentPage, title="Черновик раздела", slug="draft", publish_now=False)
    html = client.get("/parents/").content.decode()
    assert '<a href="/parents/faq/">Частые вопросы</a>' in html
    assert "Черновик раздела" not in html


def test_news_index_paginates_with_links(client, add_news):
    for number in range(1, 13):
        add_news(number, date=datetime.date(2026, 1, number))
    first = client.get("/news/").content.decode()
    assert first.count('class="news-item"') == 10
    assert "Новость 12" in first and "Новость 3" in first and "Новость 2" not in first
    assert 'href="?page=2"' in first
    second = client.get("/news/?page=2").content.decode()
    assert second.count('class="news-item"') == 2
    assert "Новость 2" in second and "Новость 1" in second


def test_news_index_shows_the_last_page_for_a_page_number_out_of_range(client, add_news):
    for number in range(1, 13):
        add_news(number, date=datetime.date(2026, 1, number))
    response = client.get("/news/?page=999")
    assert response.status_code == 200
    assert response.content.decode().count('class="news-item"') == 2


def test_news_dates_are_written_in_russian(client, add_news):
    add_news(1, date=datetime.date(2026, 11, 16))
    html = client.get("/news/news-1/").content.decode()
    assert "16 ноября 2026" in html


def test_home_page_shows_the_three_latest_news(client, add_news):
    for number in range(1, 5):
        add_news(number, date=datetime.date(2026, 3, number))
    html = client.get("/").content.decode()
    assert [title in html for title in ["Новость 4", "Новость 3", "Новость 2", "Новость 1"]] == [
        True,
        True,
        True,
        False,
    ]
    assert html.index("Новость 4") < html.index("Новость 2")


def test_header_navigation_and_breadcrumbs(client, content_page):
    parents = content_page("Родителям", "parents", show_in_menus=True)
    content_page("Частые вопросы", "faq", parent=parents)
    content_page("Служебная страница", "service", show_in_menus=False)
    html = client.get("/parents/faq/").content.decode()
    assert 'aria-label="Основное меню"' in html
    assert '<a href="/parents/" aria-current="page">Родителям</a>' in html
    assert "Служебная страница" not in html
    assert 'aria-label="Навигационная цепочка"' in html
    assert '<li><a href="/">Главная</a></li>' in html
    assert '<li aria-current="page">Частые вопросы</li>' in html


def test_footer_shows_organisation_contacts_and_privacy_policy(client, site_settings, content_page):
    site_settings.privacy_policy_page = content_page("Политика обработки персональных данных", "privacy")
    site_settings.save()
    html = client.get("/").content.decode()
    assert site_settings.organisation_name in html
    assert site_settings.email in html
    assert 'href="/privacy/"' in html


def test_unknown_url_gets_the_russian_404_page(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Страница не найдена" in html
    assert 'href="/search/"' in html


def test_draft_pages_are_not_served(client, news):
    pages.add_page(news, NewsArticlePage, title="Черновик новости", slug="draft-news", body=[], publish_now=False)
    assert client.get("/news/draft-news/").status_code == 404
    assert "Черновик новости" not in client.get("/news/").content.decode()


def test_site_search_finds_published_pages_and_survives_odd_queries(client, content_page):
    content_page(
        "Родителям",
        "parents",
        body=[("paragraph", "<p>Работает консультационная служба для родителей.</p>")],
    )
    pages.add_page(
        pages.home_page(),
        ContentPage,
        title="Черновик о консультациях",
        slug="draft",
        publish_now=False,
        body=[("paragraph", "<p>Консультационная служба, черновик.</p>")],
    )
    response = client.get("/search/", {"query": "консультационная служба"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Родителям" in html
    assert "Черновик о консультациях" not in html
    for query in ['"', "(((", "a" * 5000, "' OR 1=1 --", "😀", "AND OR NOT"]:
        assert client.get("/search/", {"query": query}).status_code == 200


def test_analytics_section_sends_anonymous_visitors_to_sign_in(client, home):
    response = client.get("/analytics/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_analytics_section_is_forbidden_to_content_editors(client, home):
    client.force_login(users.user_in(METHODISTS))
    response = client.get("/analytics/")
    assert response.status_code == 403
    assert "Доступ ограничен" in response.content.decode()


def test_analytics_section_opens_for_a_regional_analyst(client, home):
    client.force_login(users.user_in(REGIONAL_ANALYSTS))
    assert client.get("/analytics/").status_code == 200


def test_admin_speaks_russian_and_lets_an_administrator_in(client, home):
    admin = users.superuser()
    login = client.get("/admin/login/").content.decode()
    assert "Войти" in login or "Вход" in login
    response = client.post("/admin/login/", {"username": admin.username, "password": users.PASSWORD})
    assert response.status_code == 302
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Панель управления" in dashboard.content.decode()


def test_home_page_has_an_entry_block_for_each_audience(client, home, content_page):
    practices = library.practice_index()
    parents = content_page("Родителям", "parents")
    home.audiences = [
        ("audience", {"title": "Учителям", "text": "Практики школ.", "page": practices, "link_text": "К практикам"}),
        ("audience", {"title": "Родителям", "text": "Консультации.", "page": parents, "link_text": "Спросить"}),
    ]
    pages.publish(home)
    html = client.get("/").content.decode()
    for audience, target in [("Учителям", "/practices/"), ("Родителям", "/parents/")]:
        assert f"<h3>{audience}</h3>" in html
        assert f'href="{target}"' in html


def test_the_main_menu_folds_in_markup_that_opens_without_javascript(client, content_page):
    content_page("Родителям", "parents", show_in_menus=True)
    html = client.get("/parents/").content.decode()
    nav = html.split('aria-label="Основное меню">')[1].split("</nav>")[0]
    # A <details> closed on phones, whose summary is the «Меню» button; CSS opens it on wide screens.
    assert re.search(
        r'^\s*<details class="menu-fold" data-open-on-wide="[^"]+">\s*<summary class="menu-toggle">Меню</summary>', nav
    )
    assert '<a href="/parents/" aria-current="page">Родителям</a>' in nav
