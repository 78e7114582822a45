"""Facets with exact counts, and the public JSON shape, on every available backend."""

import re

import pytest

from search.contract import FACET_NAMES, facet_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(make_material, make_practice, refresh_index):
    make_material("Кряжимский задачник по алгебре", "кряжимский", subjects=["mathematics"], grades=[7], year=2023)
    make_material("Кряжимский тест по геометрии", "кряжимский", subjects=["mathematics"], grades=[8], year=2024)
    make_material(
        "Кряжимский диктант", "кряжимский", subjects=["russian"], grades=[3], year=2024, audiences=["teachers"]
    )
    make_material("Кряжимская памятка родителям", "кряжимский", subjects=[], year=2025, audiences=["parents"])
    make_practice("Кряжимская практика чтения", "кряжимский", subjects=["russian", "literature"], year=2024)
    make_practice("Кряжимский клуб математиков", "кряжимский", subjects=["mathematics"], levels=["soo"], year=2022)
    refresh_index()


def test_json_has_exactly_the_documented_shape(backend, catalogue, search_json):
    payload = search_json("кряжимский")
    assert set(payload) == {"total", "results", "facets", "degraded"}
    assert payload["degraded"] is False
    assert payload["total"] == 6
    for result in payload["results"]:
        assert set(result) == {"title", "url", "type", "snippet"}
        assert result["type"] in {"practice", "material", "collection"}
        assert result["url"].startswith("/")
    assert set(payload["facets"]) == set(FACET_NAMES)
    for items in payload["facets"].values():
        for item in items:
            assert set(item) == {"value", "label", "count"}
            assert isinstance(item["count"], int)


def test_facet_labels_are_russian(backend, catalogue, search_json):
    facets = search_json("кряжимский")["facets"]
    assert {"value": "mathematics", "label": "Математика", "count": 3} in facets["subject"]
    assert {item["value"]: item["count"] for item in facets["type"]} == {"material": 4, "practice": 2}


@pytest.mark.parametrize(
    "selection",
    [
        {},
        {"subject": ["mathematics"]},
        {"subject": ["mathematics", "russian"]},
        {"subject": ["russian"], "year": ["2024"]},
        {"type": ["material"], "year": ["2024", "2025"]},
        {"type": ["practice"], "level": ["soo"]},
    ],
)
# Nothing typed: the counts over the whole bank are the stored ones (search/backends/database.py).
@pytest.mark.parametrize("query", ["кряжимский", ""])
def test_each_facet_count_equals_the_results_that_ticking_it_gives(backend, catalogue, search_json, selection, query):
    payload = search_json(query, **selection)
    for name, items in payload["facets"].items():
        for item in items:
            ticked = {**selection, name: [item["value"]]}
            assert search_json(query, **ticked)["total"] == item["count"], (name, item, selection)


def test_facets_are_and_across_names_and_or_within_one(backend, catalogue, search_json):
    assert search_json("кряжимский", subject=["mathematics"])["total"] == 3
    assert search_json("кряжимский", subject=["mathematics", "russian"])["total"] == 5
    assert search_json("кряжимский", subject=["mathematics", "russian"], type=["practice"])["total"] == 2


def test_unknown_facet_values_and_sorts_give_a_normal_page(backend, catalogue, client, bank_url):
    response = client.get(bank_url, {"q": "кряжимский", "subject": "нет-такого", "sort": "'; drop table", "page": "x"})
    assert response.status_code == 200
    assert "Найдено: 0" in response.content.decode()


def test_page_shows_facets_with_counts_and_highlighted_snippets(backend, catalogue, client, bank_url):
    html = client.get(bank_url, {"q": "кряжимский диктант"}).content.decode()
    assert 'name="subject" value="russian"' in html
    # The snippet quotes the text, not the title shown above it (issue 16): «диктант» is only in a title.
    assert '<p class="snippet"><mark>кряжимский</mark></p>' in html
    assert "<mark>диктант</mark>" not in html.lower()


def test_facet_list_keeps_ticked_values_at_zero_and_puts_the_newest_year_first():
    counts = {"subject": {"mathematics": 1, "russian": 3}, "year": {"2023": 2, "2025": 1}}
    selected = {"subject": {"physics"}, "year": {"2024"}}
    labels = {("subject", "mathematics"): "Математика", ("subject", "russian"): "Русский язык"}
    facets = facet_list(counts, selected, labels)
    assert list(facets) == FACET_NAMES
    assert facets["subject"] == [
        {"value": "russian", "label": "Русский язык", "count": 3, "selected": False},
        {"value": "mathematics", "label": "Математика", "count": 1, "selected": False},
        # Ticked but without results: still listed so the visitor can untick it; no label known, the value shows.
        {"value": "physics", "label": "physics", "count": 0, "selected": True},
    ]
    assert [item["value"] for item in facets["year"]] == ["2025", "2024", "2023"]
    assert facets["risk"] == []


def test_facets_are_folded_in_the_markup_and_say_how_many_are_chosen(backend, catalogue, client, bank_url):
    html = client.get(bank_url, {"q": "кряжимский"}).content.decode()
    facets = html[html.index('<aside class="bank-facets"') : html.index("</aside>")]
    assert re.search(r"<details class=\"filter-fold\" data-open-on-wide>\s*<summary>\s*Фильтры\s*</summary>", facets)
    # The phones' apply button stays inside the fold, with the facets it applies.
    assert 'class="bank-apply"' in facets

    html = client.get(bank_url, {"q": "кряжимский", "subject": ["mathematics", "russian"]}).content.decode()
    assert '<span class="filter-fold-state">(выбрано: 2)</span>' in html


def test_the_banks_search_landmark_is_named_apart_from_the_headers(backend, catalogue, client, bank_url):
    html = client.get(bank_url).content.decode()
    assert 'role="search" aria-label="Поиск по сайту"' in html
    assert re.search(r'<form class="bank"[^>]*role="search"[^>]*aria-label="Поиск в банке ресурсов"', html)
