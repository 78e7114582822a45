"""The bank on a bare site: each test builds the sections and pages it searches.

The home page comes from tests/conftest.py (`home`); the bank and the two library sections are
made through the page tree with tests/factories/pages.py. Subjects, audiences, material types
and the other taxonomies are seeded by a data migration, so they exist in every test database.
"""

import os

import pytest

from practices.models import FileDownloadCount
from search import indexing
from search.models import BankPage
from tests.factories import library, pages


def _rich(text):
    return f"<p>{text}</p>"


@pytest.fixture
def bank_page(home):
    return pages.section(BankPage, "bank", title="Банк ресурсов")


@pytest.fixture
def bank_url(bank_page):
    return bank_page.url


@pytest.fixture
def sections(home):
    return {"practices": library.practice_index(), "materials": library.material_index()}


@pytest.fixture
def make_material(sections):
    """A MaterialPage under /materials/ whose description is ``description``; published unless publish=False."""

    def make(title, description="", *, year=2024, published_at=None, publish=True, **fields):
        return library.make_material(
            title,
            description=_rich(description),
            year=year,
            publish_now=publish,
            # Kept by Wagtail when set: the bank dates a resource by its first publication.
            first_published_at=published_at,
            **fields,
        )

    return make


@pytest.fixture
def make_practice(sections):
    """A PracticePage under /practices/ whose problem is ``text``; published unless publish=False."""

    def make(title, text="", *, levels=("ooo",), audiences=("teachers",), year=2023, publish=True, **fields):
        return library.make_practice(
            title, problem=_rich(text), levels=levels, audiences=audiences, year=year, publish_now=publish, **fields
        )

    return make


def record_downloads(page, number):
    """`number` downloads of a file of `page`; the bank sees them once the page is published again."""
    document = library.make_document(f"Файл {page.title}", f"file-{page.pk}.txt", content=b"downloaded")
    FileDownloadCount.objects.create(page=page, document=document, count=number)
    pages.publish(page)


def _elasticsearch_param():
    return pytest.param(
        "elasticsearch",
        marks=pytest.mark.skipif(
            not os.environ.get("ELASTICSEARCH_URL"),
            reason="ELASTICSEARCH_URL is not set: the Elasticsearch backend is tested where it runs",
        ),
    )


@pytest.fixture(params=["database", _elasticsearch_param()])
def backend(request, settings):
    """Which backend serves the bank; the database is SQLite or PostgreSQL per DATABASE_URL."""
    if request.param == "elasticsearch":
        settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
        settings.ELASTICSEARCH_BANK_INDEX = "test-iro-bank"
    else:
        settings.ELASTICSEARCH_URL = ""
    return request.param


@pytest.fixture
def refresh_index(backend):
    """Make the backend see pages created so far (Elasticsearch is rebuilt from the database)."""

    def refresh():
        if backend == "elasticsearch":
            indexing.rebuild_mirrors()

    return refresh


@pytest.fixture
def search_json(client, bank_url):
    def search(q="", **params):
        response = client.get(bank_url, {"q": q, "format": "json", **params})
        assert response.status_code == 200, response.content[:500]
        return response.json()

    return search
