"""Odd queries get a normal page, Elasticsearch being down gets the database, site search works."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from wagtail.models import PageViewRestriction

from practices.models import MaterialPage
from search.contract import FALLBACK_NOTICE
from search.models import PendingIndexUpdate

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "",
    "   ",
    '"',
    '"незакрытая кавычка',
    "((скобки]",
    "title:математика AND (type:* OR _exists_:x)",
    "матем* ~2 ^10 /регулярка.*/ +-!&&||",
    "' OR 1=1; DROP TABLE search_bankentry; --",
    "%_%' ESCAPE '\\",
    "😀🔥 ёлка 🎄",
    "\x00\x01 нулевой байт",
    "<script>alert('x')</script>",
    "математика " * 500,
    "я" * 5000,
    "a & b | c ! d <-> e",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_queries_get_a_normal_page(backend, client, bank_url, query):
    html = client.get(bank_url, {"q": query})
    assert html.status_code == 200
    assert "<script>alert" not in html.content.decode()
    as_json = client.get(bank_url, {"q": query, "format": "json"})
    assert as_json.status_code == 200
    assert "total" in as_json.json()
    assert client.get(bank_url + "autocomplete/", {"q": query}).status_code == 200
    assert client.get("/search/", {"query": query}).status_code == 200


def test_elasticsearch_configured_but_down_falls_back_to_the_database(settings, make_material, client, bank_url):
    make_material("Бобровская методичка", "Задачи по математике для бобровских школ")
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"

    payload = client.get(bank_url, {"q": "бобровский математический", "format": "json"}).json()
    assert [result["title"] for result in payload["results"]] == ["Бобровская методичка"]

    response = client.get(bank_url, {"q": "бобровский математический"})
    assert response.status_code == 200
    assert FALLBACK_NOTICE in response.content.decode()


def test_publishing_while_elasticsearch_is_down_still_updates_the_database(settings, make_material, client, bank_url):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    page = make_material("Бобровский план", "бобровский")
    # The mirror's failure is kept for a retry (tests/search/test_index_queue.py follows it through).
    assert PendingIndexUpdate.objects.get(page_id=page.pk).last_error == "BackendUnavailable: ConnectionError"
    payload = client.get(bank_url, {"q": "бобровский план", "format": "json"}).json()
    assert payload["total"] == 1


def test_site_search_finds_public_pages_with_per_type_templates(make_material, client):
    make_material("Бобровская олимпиада", "Материалы бобровской олимпиады")
    response = client.get("/search/", {"query": "Бобровская олимпиада"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Бобровская олимпиада" in html
    assert f'<p class="meta">{MaterialPage.get_verbose_name()} · банк ресурсов</p>' in html


def test_site_search_points_to_the_same_query_in_the_bank(make_material, bank_page, client):
    make_material("Бобровская викторина", "Вопросы бобровской викторины")
    html = client.get("/search/", {"query": "бобровская викторина!"}).content.decode()
    assert "В банке ресурсов найдено практик и материалов: 1" in html
    bank_link = urlsplit(unescape(re.search(r'<a href="([^"]*)">Открыть в банке ресурсов', html).group(1)))
    assert bank_link.path == bank_page.url
    assert parse_qs(bank_link.query) == {"q": ["бобровская викторина"]}  # the words, without the punctuation


def test_site_search_never_shows_drafts_or_private_pages(make_material, sections, client):
    make_material("Бобровский черновик", "бобровский", publish=False)
    make_material("Бобровский закрытый", "бобровский")
    PageViewRestriction.objects.create(page=sections["materials"], restriction_type="login")
    html = client.get("/search/", {"query": "Бобровский"}).content.decode()
    assert "Бобровский черновик" not in html
    assert "Бобровский закрытый" not in html
