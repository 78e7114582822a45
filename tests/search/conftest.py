"""The bank on a bare site: each test builds the sections and pages it searches.

The home page comes from tests/conftest.py (`home`); the bank and the two library sections are
made through the page tree with tests/factories/pages.py. Subjects, audiences, material types
and the other taxonomies are seeded by a data migration, so they exist in every test database.
"""

import io
import os
from itertools import count

import pytest

from django.core.files.base import ContentFile

from wagtail.documents.models import Document

from practices.models import (
    Audience,
    EducationLevel,
    FileDownloadCount,
    Grade,
    MaterialFile,
    MaterialIndexPage,
    MaterialPage,
    MaterialType,
    PracticeIndexPage,
    PracticePage,
    PracticeType,
    Subject,
)
from search import indexing
from search.models import BankPage
from tests.factories import pages

_numbers = count(1)


def _rich(text):
    return f"<p>{text}</p>"


def _terms(model, slugs):
    return list(model.objects.filter(slug__in=slugs or []))


@pytest.fixture
def bank_page(home):
    return pages.section(BankPage, "bank", title="Банк ресурсов")


@pytest.fixture
def bank_url(bank_page):
    return bank_page.url


@pytest.fixture
def sections(home):
    return {
        "practices": pages.section(PracticeIndexPage, "practices", title="Практики"),
        "materials": pages.section(MaterialIndexPage, "materials", title="Методические материалы"),
    }


@pytest.fixture
def make_material(sections):
    """A MaterialPage under /materials/, published unless publish=False."""

    def make(
        title,
        description="",
        *,
        subjects=(),
        audiences=(),
        grades=(),
        material_type="guidelines",
        year=2024,
        summary="",
        files=(),
        published_at=None,
        publish=True,
    ):
        page = pages.add_page(
            sections["materials"],
            MaterialPage,
            publish_now=publish,
            title=title,
            slug=f"test-material-{next(_numbers)}",
            summary=summary,
            author="Иванова Мария Петровна",
            description=_rich(description),
            year=year,
            material_type=MaterialType.objects.get(slug=material_type),
            subjects=_terms(Subject, subjects),
            audiences=_terms(Audience, audiences),
            grades=list(Grade.objects.filter(number__in=grades)),
            files=[MaterialFile(document=document) for document in files],
            # Kept by Wagtail when set: the bank dates a resource by its first publication.
            first_published_at=published_at,
        )
        return MaterialPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def make_practice(sections):
    """A PracticePage under /practices/, published unless publish=False."""

    def make(title, text="", *, subjects=(), levels=("ooo",), audiences=("teachers",), year=2023, publish=True):
        page = pages.add_page(
            sections["practices"],
            PracticePage,
            publish_now=publish,
            title=title,
            slug=f"test-practice-{next(_numbers)}",
            summary="",
            context=_rich("Сельская школа, два параллельных класса."),
            problem=_rich(text),
            practice_type=PracticeType.objects.get(slug="teaching"),
            year=year,
            subjects=_terms(Subject, subjects),
            levels=_terms(EducationLevel, levels),
            audiences=_terms(Audience, audiences),
        )
        return PracticePage.objects.get(pk=page.pk)

    return make


def record_downloads(page, number):
    """`number` downloads of a file of `page`; the bank sees them once the page is published again."""
    document = make_document(f"Файл {page.title}", f"file-{page.pk}.txt", b"downloaded")
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


def make_document(title, filename, content):
    document = Document(title=title)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


def docx_bytes(text):
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def pdf_bytes(text):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if not os.path.exists(DEJAVU):
        pytest.skip("A font with Cyrillic glyphs (DejaVu Sans) is needed to write a Russian PDF")
    pdfmetrics.registerFont(TTFont("DejaVuSans", DEJAVU))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("DejaVuSans", 12)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
