"""Russian queries and the results each must give first, on every available backend.

Every page carries the made-up word «зеленодольский» in some form, so a query names the pages
of its own test and nothing else.
"""

import re
from datetime import UTC, datetime
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from search.backends import database
from search.models import BankPage

from .conftest import record_downloads

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(make_material, make_practice, refresh_index):
    pages = {
        "math_text": make_material(
            "Зеленодольские задания для пятых классов",
            "Сборник задач по математике для зеленодольских школ, с ответами.",
            subjects=["mathematics"],
            grades=[5],
        ),
        "math_title": make_material(
            "Математический кружок в зеленодольской школе",
            "Занятия кружка раз в неделю.",
            subjects=["mathematics"],
            grades=[6],
        ),
        "teacher": make_practice(
            "Наставничество в зеленодольской гимназии",
            "Молодой учитель получает наставника на первый год работы.",
            subjects=["russian"],
        ),
        "fir": make_material(
            "Новогодняя ёлка в зеленодольском лицее",
            "Сценарий праздника для начальной школы.",
            subjects=["primary"],
            grades=[2],
        ),
        "reading": make_material(
            "Читательская грамотность: зеленодольский опыт",
            "Диагностика читательской грамотности учеников.",
            subjects=["russian"],
            grades=[7],
        ),
    }
    refresh_index()
    return pages


def titles(payload):
    return [result["title"] for result in payload["results"]]


@pytest.mark.parametrize(
    ("query", "expected_first", "also_found"),
    [
        # An adjective finds the noun's forms: «математический» → «математике».
        ("зеленодольский математический", "math_title", ["math_text"]),
        ("математика зеленодольские", "math_title", ["math_text"]),
        # «учителя» finds «учитель».
        ("учителя зеленодольской", "teacher", []),
        # ё and е are the same letter for search.
        ("ёлка зеленодольская", "fir", []),
        ("елка зеленодольский", "fir", []),
        ("ЕЛКИ Зеленодольск", "fir", []),
        ("читательской грамотности зеленодольский", "reading", []),
    ],
)
def test_russian_query_finds_the_expected_resources_first(
    backend, corpus, search_json, query, expected_first, also_found
):
    payload = search_json(query)
    found = titles(payload)
    assert found, f"nothing found for {query!r} on {backend}"
    assert found[0] == corpus[expected_first].title
    for key in also_found:
        assert corpus[key].title in found
    assert payload["total"] == len(found)


def test_every_query_word_must_match(backend, corpus, search_json):
    payload = search_json("зеленодольский математический праздник")
    assert payload["total"] == 0


def test_snippets_mark_the_matched_words_whatever_their_form(backend, corpus, search_json):
    payload = search_json("зеленодольский математический")
    by_title = {result["title"]: result for result in payload["results"]}
    snippet = by_title[corpus["math_text"].title]["snippet"]
    assert "<mark>математике</mark>" in snippet


def test_html_in_the_text_is_escaped_in_snippets(backend, make_material, refresh_index, search_json):
    make_material(
        "Зеленодольская памятка", "Памятка &lt;script&gt;alert(1)&lt;/script&gt; для зеленодольских педагогов"
    )
    refresh_index()
    snippet = search_json("зеленодольская памятка")["results"][0]["snippet"]
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet


def test_sorting_by_newest_and_by_downloads(backend, make_material, refresh_index, search_json):
    def published(year):
        return datetime(year, 3, 1, 9, tzinfo=UTC)

    old = make_material("Зеленодольский архив", "зеленодольский", published_at=published(2019))
    new = make_material("Зеленодольская новинка", "зеленодольский", published_at=published(2024))
    middle = make_material("Зеленодольский сборник", "зеленодольский", published_at=published(2021))
    record_downloads(old, 12)
    record_downloads(middle, 3)
    refresh_index()

    newest = titles(search_json("зеленодольский", sort="newest"))
    assert newest == [new.title, middle.title, old.title]
    most_downloaded = titles(search_json("зеленодольский", sort="downloads"))
    assert most_downloaded == [old.title, middle.title, new.title]


def link(html, text):
    """The query of the link whose text starts with `text`, as a dict of lists."""
    href = re.search(r'<a href="([^"]*)"[^>]*>' + text, html)
    assert href, f"no link {text!r}"
    return parse_qs(urlsplit(unescape(href.group(1))).query)


def test_results_are_paginated_and_page_links_keep_the_query(backend, corpus, client, bank_url, monkeypatch):
    monkeypatch.setattr(BankPage, "per_page", 2)
    everything = set()
    for number in (1, 2, 3):
        payload = client.get(bank_url, {"q": "зеленодольский", "format": "json", "page": number}).json()
        assert payload["total"] == 5
        assert len(payload["results"]) == (2 if number < 3 else 1)
        everything.update(titles(payload))
    assert everything == {page.title for page in corpus.values()}

    response = client.get(bank_url, {"q": "зеленодольский", "subject": ["russian", "mathematics"]})
    html = response.content.decode()
    assert "Найдено: 4" in html
    assert link(html, "2<") == {"q": ["зеленодольский"], "subject": ["russian", "mathematics"], "page": ["2"]}


def test_empty_result_suggests_the_spelling_that_finds_something(backend, corpus, client, bank_url):
    response = client.get(bank_url, {"q": "зеленодольский матиматический", "subject": "mathematics", "page": "2"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Возможно, вы имели в виду" in html
    # The respelt query keeps the ticked facets and starts again from the first page.
    assert link(html, "зеленодольский математический") == {
        "q": ["зеленодольский математический"],
        "subject": ["mathematics"],
    }


def test_empty_result_names_the_facets_to_drop(backend, corpus, client, bank_url):
    response = client.get(bank_url, {"q": "ёлка зеленодольская", "subject": "mathematics", "year": "2024", "page": "3"})
    html = response.content.decode()
    assert "без фильтра «Предмет»" in html
    assert link(html, "без фильтра «Предмет»") == {"q": ["ёлка зеленодольская"], "year": ["2024"]}


@pytest.mark.parametrize("narrowed", [2_000, 0], ids=["title-index-first", "titles-in-order"])
def test_autocomplete_offers_titles_by_word_prefix(corpus, client, bank_url, monkeypatch, narrowed):
    # Both ways SQLite finds suggestions: through the title's full-text index, or reading the titles.
    monkeypatch.setattr(database, "SUGGESTIONS_NARROWED", narrowed)
    response = client.get(bank_url + "autocomplete/", {"q": "зеленодольская мат"})
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["results"]] == [corpus["math_title"].title]
    assert client.get(bank_url + "autocomplete/", {"q": "ЁЛК"}).json()["results"][0]["title"] == corpus["fir"].title
    # A finished word in another form, and a prefix longer than the title word's root.
    found = client.get(bank_url + "autocomplete/", {"q": "читательская грамотн"}).json()["results"]
    assert [item["title"] for item in found] == [corpus["reading"].title]
    assert client.get(bank_url + "autocomplete/", {"q": "зеленодольский квазисп"}).json()["results"] == []
