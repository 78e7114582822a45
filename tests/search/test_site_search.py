"""Site search: the bank's engine and morphology over every live public page, clean snippets.

Each test builds the pages it searches: information pages, news, library resources, events
and communities, through tests/factories. Backends as in tests/search/conftest.py.
"""

import re
from html import unescape

import pytest

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from home.models import ContentPage, NewsArticlePage, NewsIndexPage
from search import extraction
from search.contract import BankQuery, search_bank
from tests.factories import communities, library, pages

pytestmark = pytest.mark.django_db


def _paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def found_titles(client, query, **params):
    response = client.get("/search/", {"query": query, **params})
    assert response.status_code == 200
    html = response.content.decode()
    return {unescape(title) for title in re.findall(r'<h2>\s*<a href="[^"]*">([^<]*)</a>', html)}


@pytest.fixture
def news_index(home):
    return pages.section(NewsIndexPage, "news", title="Новости")


@pytest.fixture
def varied_site(home, news_index, make_material, make_practice, refresh_index):
    """One page of each kind that speaks of mathematics in a different word form."""
    pages.add_page(
        home, ContentPage, title="О программе", slug="about", body=_paragraph("Поддержка учителей математики.")
    )
    pages.add_page(
        news_index,
        NewsArticlePage,
        title="Итоги года",
        slug="itogi",
        body=_paragraph("Школы улучшили результаты по математике."),
    )
    make_material("Задачник", "Сборник задач: математика для пятых классов.")
    make_practice("Клуб решения задач", "Кружок математический, по субботам.")
    calendar = communities.make_calendar(home)
    communities.make_event(
        calendar,
        title="Вебинар для учителей",
        start=communities.at(5),
        description="<p>Разбор заданий по математике.</p>",
    )
    communities.make_community(
        communities.make_community_index(home),
        title="Объединение учителей",
        description="<p>Методическое объединение: математика в начальной школе.</p>",
    )
    pages.add_page(home, ContentPage, title="Контакты", slug="contacts", body=_paragraph("Адрес и телефон института."))
    refresh_index()


EVERY_KIND = {
    "О программе",
    "Итоги года",
    "Задачник",
    "Клуб решения задач",
    "Вебинар для учителей",
    "Объединение учителей",
}


@pytest.mark.parametrize("query", ["математика", "математике", "математики", "Математикой", "математический"])
def test_every_word_form_finds_the_same_pages_of_every_kind(backend, varied_site, client, query):
    assert found_titles(client, query) == EVERY_KIND


def test_site_search_covers_the_bank_and_the_bank_keeps_to_its_resources(backend, varied_site, client, bank_page):
    bank = client.get(bank_page.url, {"q": "математике", "format": "json"}).json()
    assert {result["title"] for result in bank["results"]} == {"Задачник", "Клуб решения задач", "Вебинар для учителей"}
    site = search_bank(BankQuery(query="математике", scope="site"))
    assert site.total == len(EVERY_KIND)
    autocomplete = client.get(bank_page.url + "autocomplete/", {"q": "ито"}).json()
    assert autocomplete == {"results": []}  # the news «Итоги года» is not a bank resource


def test_every_query_word_must_match_and_words_only_in_different_pages_find_nothing(backend, varied_site, client):
    assert found_titles(client, "математика субботам") == {"Клуб решения задач"}
    assert found_titles(client, "субботам телефон") == set()


def test_results_are_paginated_with_the_query_kept(backend, home, client, refresh_index):
    for number in range(12):
        pages.add_page(home, ContentPage, title=f"Страница {number}", slug=f"p{number}", body=_paragraph("Олимпиада."))
    refresh_index()
    first = client.get("/search/", {"query": "олимпиады"}).content.decode()
    assert "Найдено страниц: 12" in first
    assert re.search(r'href="\?query=[^"&]+&amp;page=2"', first)
    second = found_titles(client, "олимпиады", page=2)
    assert len(second) == 2


# --- privacy ---------------------------------------------------------------------------------


def test_drafts_private_pages_and_private_sections_are_never_found(backend, home, news_index, client, refresh_index):
    pages.add_page(home, ContentPage, title="Открытая страница", slug="open", body=_paragraph("Тайгинский план."))
    pages.add_page(home, ContentPage, title="Черновик", slug="draft", publish_now=False, body=_paragraph("Тайгинский."))
    private = pages.add_page(home, ContentPage, title="Закрытая", slug="closed", body=_paragraph("Тайгинский."))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    pages.add_page(news_index, NewsArticlePage, title="Новость раздела", slug="n", body=_paragraph("Тайгинский отчёт."))
    PageViewRestriction.objects.create(page=news_index, restriction_type=PageViewRestriction.PASSWORD, password="x")
    withdrawn = pages.add_page(home, ContentPage, title="Снятая", slug="gone", body=_paragraph("Тайгинский."))
    withdrawn.unpublish()
    refresh_index()

    assert found_titles(client, "тайгинского") == {"Открытая страница"}


def test_a_draft_edit_of_a_live_page_is_not_searched(backend, home, client, refresh_index):
    page = pages.add_page(home, ContentPage, title="Правила", slug="rules", body=_paragraph("Опубликованный текст."))
    page.body = _paragraph("Черновая правка про бобров.")
    page.save_revision()
    refresh_index()
    assert found_titles(client, "бобров") == set()
    assert found_titles(client, "опубликованный") == {"Правила"}


def test_a_page_made_private_after_indexing_disappears_at_once(home, client):
    page = pages.add_page(home, ContentPage, title="Совещание", slug="meeting", body=_paragraph("Кадуйский протокол."))
    assert found_titles(client, "кадуйский") == {"Совещание"}
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert found_titles(client, "кадуйский") == set()


def test_text_of_a_file_in_a_private_collection_is_not_searched(home, sections, client):
    private = Collection.get_first_root_node().add_child(name="Служебные")
    document = library.make_document("Служебная записка", "memo.txt", "Харовский служебный текст")
    document.collection = private
    document.save()
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    library.make_material("Открытый материал", files=[document])
    assert found_titles(client, "харовский") == set()
    assert found_titles(client, "открытый материал") == {"Открытый материал"}


def test_pdf_lines_join_into_paragraphs_and_headings_stay_apart():
    text = "Пояснительная записка\nМатериал подготовлен для\nучителей начальной школы.\n\nЗадание 1\nРешите задачу."
    assert extraction.paragraphs(text).splitlines() == [
        "Пояснительная записка",
        "Материал подготовлен для учителей начальной школы.",
        "Задание 1",
        "Решите задачу.",
    ]


# --- snippets --------------------------------------------------------------------------------


def snippets_of(client, query):
    html = client.get("/search/", {"query": query}).content.decode()
    return re.findall(r'<p class="snippet">(.*?)</p>', html, re.S)


def test_the_snippet_is_whole_sentences_with_an_ellipsis_where_text_is_left_out(home, client):
    pages.add_page(
        home,
        ContentPage,
        title="Отчёт",
        slug="report",
        body=_paragraph(
            "Первое предложение про погоду. Второе предложение рассказывает о семинаре для учителей. "
            + "Третье предложение длинное и скучное, оно не помещается в отрывок. " * 4
        ),
    )
    (snippet,) = snippets_of(client, "семинары")
    assert snippet.startswith("… Второе предложение рассказывает о <mark>семинаре</mark> для учителей.")
    assert snippet.endswith(" …")
    assert "погоду" not in snippet
    # Cut between sentences, never inside one.
    assert re.search(r"[.!?] …$", snippet)


def test_the_snippet_never_runs_the_title_or_the_authors_name_into_the_text(sections, client):
    library.make_material(
        "Тотемский практикум",
        summary="",
        author="Иванова И. И.",
        description="<p>Практикум по тотемской истории края.</p>",
    )
    (snippet,) = snippets_of(client, "тотемский практикум")
    assert snippet == "<mark>Практикум</mark> по <mark>тотемской</mark> истории края."


def test_the_summary_is_preferred_and_initials_do_not_end_a_sentence(home, client):
    pages.add_page(
        home,
        ContentPage,
        title="Встреча",
        slug="meeting",
        summary="Встречу проведёт Н. В. Сокольская. Речь пойдёт о чтении.",
        body=_paragraph("Сокольская приглашает всех."),
    )
    (snippet,) = snippets_of(client, "сокольская")
    assert snippet == "Встречу проведёт Н. В. <mark>Сокольская</mark>. Речь пойдёт о чтении."


def test_a_sentence_longer_than_the_snippet_is_cut_at_words(home, client):
    words = " ".join(f"слово{number}" for number in range(80))
    pages.add_page(home, ContentPage, title="Длинная", slug="long", body=_paragraph(f"{words} вытегорский {words}."))
    (snippet,) = snippets_of(client, "вытегорский")
    assert snippet.startswith("… слово") and snippet.endswith(" …")
    assert "<mark>вытегорский</mark>" in snippet
    assert len(unescape(re.sub("<[^>]+>", "", snippet))) <= 250


def test_html_in_the_text_is_escaped_around_the_marks(home, client):
    pages.add_page(
        home,
        ContentPage,
        title="Разметка",
        slug="markup",
        body=_paragraph("Шекснинский &lt;script&gt;alert(1)&lt;/script&gt; текст."),
    )
    (snippet,) = snippets_of(client, "шекснинский")
    assert "<script>" not in snippet
    assert snippet == "<mark>Шекснинский</mark> &lt;script&gt;alert(1)&lt;/script&gt; текст."


# --- bad input and the page itself -----------------------------------------------------------

HOSTILE = [
    {"query": "<mark>математика</mark>"},
    {"query": "математика", "page": "abc"},
    {"query": "математика", "page": "-5"},
    {"query": "математика", "page": "99999999999999999999"},
    {"query": "\x00"},
    {"query": "…—«»"},
    {"query": "и или не"},
    {"query": "математика " * 300},
    {"query": ["один", "два"]},
]


@pytest.mark.parametrize("params", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_gets_a_normal_page(backend, varied_site, client, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert 'value="&lt;mark&gt;' in response.content.decode() or "<mark>" not in str(params)


def test_the_search_page_asks_search_engines_not_to_index_it(home, client):
    html = client.get("/search/", {"query": "математика"}).content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert "ничего не найдено" in html


def test_the_bank_search_box_is_an_aria_combobox(bank_page, client):
    html = client.get(bank_page.url).content.decode()
    box = re.search(r'<input id="bank-q"[^>]*>', html).group(0)
    for attribute in (
        'role="combobox"',
        'aria-expanded="false"',
        'aria-controls="bank-suggestions"',
        'aria-autocomplete="list"',
    ):
        assert attribute in box
    assert 'id="bank-suggestions" class="bank-suggestions" role="listbox"' in html
    assert '<meta name="robots" content="noindex">' not in html
    assert '<meta name="robots" content="noindex">' in client.get(bank_page.url, {"q": "задачи"}).content.decode()


def test_the_pages_search_landmark_is_named_apart_from_the_headers(backend, home, client):
    html = client.get("/search/", {"query": "олимпиада"}).content.decode()
    assert 'role="search" aria-label="Поиск по сайту"' in html
    assert re.search(r'role="search" class="search-form" aria-label="Запрос поиска по сайту"', html)
