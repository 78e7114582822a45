"""Bank pages built through the real page tree, and the search backends to run them against."""

import io
import os
from itertools import count

import pytest

from django.core.files.base import ContentFile

from wagtail.documents.models import Document

from practices.models import (
    Audience,
    EducationLevel,
    Grade,
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

_numbers = count(1)


def _rich(text):
    return f"<p>{text}</p>"


def _terms(model, slugs):
    return list(model.objects.filter(slug__in=slugs or []))


@pytest.fixture
def bank_url(demo_site):
    return BankPage.objects.get().url


@pytest.fixture
def sections(demo_site):
    return {"practices": PracticeIndexPage.objects.get(), "materials": MaterialIndexPage.objects.get()}


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
        publish=True,
    ):
        page = MaterialPage(
            title=title,
            slug=f"test-material-{next(_numbers)}",
            summary=summary,
            author="Иванова Мария Петровна",
            description=_rich(description),
            year=year,
            material_type=MaterialType.objects.get(slug=material_type),
            live=False,
        )
        page.subjects = _terms(Subject, subjects)
        page.audiences = _terms(Audience, audiences)
        page.grades = list(Grade.objects.filter(number__in=grades))
        for document in files:
            page.files.add(page.files.model(document=document))
        sections["materials"].add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        return MaterialPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def make_practice(sections):
    def make(title, text="", *, subjects=(), levels=("ooo",), audiences=("teachers",), year=2023, publish=True):
        page = PracticePage(
            title=title,
            slug=f"test-practice-{next(_numbers)}",
            summary="",
            context=_rich("Сельская школа, два параллельных класса."),
            problem=_rich(text),
            practice_type=PracticeType.objects.get(slug="teaching"),
            year=year,
            live=False,
        )
        page.subjects = _terms(Subject, subjects)
        page.levels = _terms(EducationLevel, levels)
        page.audiences = _terms(Audience, audiences)
        sections["practices"].add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        return PracticePage.objects.get(pk=page.pk)

    return make


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
            indexing.rebuild_elasticsearch()

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
