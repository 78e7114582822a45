"""Russian queries and the results each must give first, on every available backend.

Every page carries the made-up anchor word «зеленодольский» in some form, so the demo's own
content never competes with the pages a test builds.
"""

import pytest

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


def test_sorting_by_newest_and_by_downloads(backend, corpus, search_json):
    newest = search_json("зеленодольский", sort="newest")["results"]
    assert len(newest) == len(corpus)
    downloads = search_json("зеленодольский", sort="downloads")
    assert downloads["total"] == len(corpus)


def test_results_are_paginated(backend, corpus, client, bank_url):
    first = client.get(bank_url, {"q": "зеленодольский", "format": "json", "page": 1}).json()
    assert first["total"] == 5
    response = client.get(bank_url, {"q": "зеленодольский"})
    assert response.status_code == 200
    assert "Найдено: 5" in response.content.decode()


def test_empty_result_suggests_the_spelling_that_finds_something(backend, corpus, client, bank_url):
    response = client.get(bank_url, {"q": "зеленодольский матиматический"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Возможно, вы имели в виду" in html
    assert "математический" in html


def test_empty_result_names_the_facets_to_drop(backend, corpus, client, bank_url):
    response = client.get(bank_url, {"q": "ёлка зеленодольская", "subject": "mathematics"})
    html = response.content.decode()
    assert "без фильтра «Предмет»" in html


def test_autocomplete_offers_titles_by_word_prefix(corpus, client, bank_url):
    response = client.get(bank_url + "autocomplete/", {"q": "зеленодольская мат"})
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["results"]] == [corpus["math_title"].title]
    assert client.get(bank_url + "autocomplete/", {"q": "ЁЛК"}).json()["results"][0]["title"] == corpus["fir"].title
