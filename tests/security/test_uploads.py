"""Limits on uploaded files: what a hostile or careless file may make the server read.

Issue 10, item 6: the bank's text extraction at publish reads a bounded amount (file size,
a DOCX's unpacked size, PDF pages, text kept); the analytics import refuses an XLSX that
unpacks too large and a table of too many rows before parsing it all. Item 12: a CSV in
KOI8-R (or another code page) is refused instead of being stored as garbage.
"""

import io
import logging
import zipfile

import pandas as pd
import pytest

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.documents import get_document_model

from analytics.importing import ImportFileError, files, read_table
from analytics.models import AssessmentResult, ImportRecord
from demo.library_files import docx_bytes
from registry.models import Municipality, School
from search import extraction
from search.models import BankPage
from tests.factories import library, pages
from tests.factories.analytics import regional_analyst
from tests.factories.registry import SchoolFactory

MB = 1024 * 1024


def padded_zip(data, member, megabytes):
    """The zip ``data`` with one more member of ``megabytes`` of zeros: a few hundred KB packed."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive, archive.open(member, "w") as padding:
        chunk = b"\0" * MB
        for _ in range(megabytes):
            padding.write(chunk)
    return buffer.getvalue()


def document_with(filename, content):
    document = get_document_model()(title=filename)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


# Text extraction for the bank


@pytest.fixture
def bank_url(home):
    library.material_index()
    return pages.section(BankPage, "bank", title="Банк ресурсов").url


def bank_total(client, bank_url, query):
    return client.get(bank_url, {"q": query, "format": "json"}).json()["total"]


@pytest.mark.django_db
def test_a_docx_that_unpacks_past_the_limit_is_not_read(client, bank_url, caplog):
    content = docx_bytes("Анкета", [("Анкета", ["Кукуевская анкета для родителей"])])
    bomb = padded_zip(content, "word/media/padding.bin", extraction.MAX_DOCX_UNPACKED_BYTES // MB + 1)
    assert len(bomb) < 2 * MB

    with caplog.at_level(logging.WARNING, logger="search.extraction"):
        library.make_material("Анкета с приложением", files=[document_with("anketa.docx", bomb)])

    assert bank_total(client, bank_url, "кукуевская анкета для родителей") == 0
    assert "over the limits" in caplog.text


@pytest.mark.django_db
def test_a_docx_within_the_limits_is_still_read(client, bank_url):
    content = docx_bytes("Анкета", [("Анкета", ["Кукуевская анкета для родителей"])])
    library.make_material("Анкета с приложением", files=[document_with("anketa.docx", padded_zip(content, "pad", 1))])
    assert bank_total(client, bank_url, "кукуевская анкета для родителей") == 1


@pytest.mark.django_db
def test_a_file_over_the_size_cap_is_not_read(client, bank_url, monkeypatch):
    content = docx_bytes("Анкета", [("Анкета", ["Кукуевская анкета для родителей"])])
    monkeypatch.setattr(extraction, "MAX_FILE_BYTES", len(content) - 1)
    library.make_material("Анкета", files=[document_with("anketa.docx", content)])
    assert bank_total(client, bank_url, "кукуевская анкета для родителей") == 0


def test_docx_reading_stops_at_the_text_cap(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_TEXT_LENGTH", 1_000)
    content = docx_bytes("Длинный", [("Длинный", [f"Абзац номер {n} с текстом." for n in range(2_000)])])
    text = extraction.EXTRACTORS[".docx"](io.BytesIO(content))
    assert 0 < len(text) <= 1_000


def test_pdf_reading_stops_at_the_page_cap(monkeypatch):
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for word in ("firstpageword", "secondpageword"):
        pdf.drawString(72, 720, word)
        pdf.showPage()
    pdf.save()
    monkeypatch.setattr(extraction, "MAX_PDF_PAGES", 1)

    text = extraction.EXTRACTORS[".pdf"](io.BytesIO(buffer.getvalue()))

    assert "firstpageword" in text and "secondpageword" not in text


# The analytics import


def xlsx_bytes(rows):
    buffer = io.BytesIO()
    pd.DataFrame(rows).to_excel(buffer, index=False)
    return buffer.getvalue()


def refused(tmp_path, name, data, kind="results"):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError) as exc:
        call_command("import_data", kind, str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return str(exc.value)


@pytest.mark.django_db
def test_an_xlsx_that_unpacks_past_200_mb_is_refused_before_it_is_parsed(tmp_path):
    SchoolFactory(code="T0001")
    good = xlsx_bytes({"school_code": ["T0001"], "year": [2024], "assessment": ["OGE"], "grade": [9]})
    bomb = padded_zip(good, "xl/media/padding.bin", files.MAX_XLSX_UNPACKED_BYTES // MB + 1)
    assert len(bomb) < 2 * MB

    message = refused(tmp_path, "results.xlsx", bomb)

    assert "после распаковки" in message and "200 МБ" in message
    assert not AssessmentResult.objects.exists() and not ImportRecord.objects.exists()


HEADER = "school_code,year,assessment,grade,subject,participants,mean_score"


def test_a_csv_over_the_row_limit_is_refused_without_parsing_the_rest(monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 3)
    rows = [f"T0001,2024,OGE,9,math,{n},15" for n in range(1, 5)]
    # A broken line after the limit: it would be a parse error if the reader went on.
    text = "\n".join([HEADER, *rows, 'T0001,"unclosed,quote\nx,y,z,1,2,3,4,5,6,7,8,9'])

    with pytest.raises(ImportFileError) as exc:
        read_table(text.encode(), "results.csv")

    assert "больше 3 строк" in str(exc.value)


def test_a_table_at_the_row_limit_is_read(monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 3)
    rows = [f"T0001,2024,OGE,9,math,{n},15" for n in range(1, 4)]
    assert len(read_table("\n".join([HEADER, *rows]).encode(), "results.csv")) == 3


def test_an_xlsx_over_the_row_limit_is_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 3)
    data = xlsx_bytes({"school_code": ["T0001"] * 4, "year": [2024] * 4})
    with pytest.raises(ImportFileError) as exc:
        read_table(data, "results.xlsx")
    assert "больше 3 строк" in str(exc.value)


def test_the_row_limit_is_a_million_rows_in_the_message():
    assert "больше 1 000 000 строк" in str(files._too_many_rows())


SCHOOLS = (
    "Код;Название;Муниципалитет\r\n"
    "T0001;Средняя общеобразовательная школа села Заречье;Заречный район\r\n"
    "T0002;Основная школа села Кукуево;Заречный район\r\n"
)


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["koi8_r", "cp866", "iso8859_5", "mac_cyrillic"])
def test_a_csv_in_another_cyrillic_code_page_is_refused_not_read_as_garbage(tmp_path, encoding):
    message = refused(tmp_path, "schools.csv", SCHOOLS.encode(encoding), kind="schools")

    assert "UTF-8 или Windows-1251" in message
    assert not School.objects.exists() and not Municipality.objects.exists()


@pytest.mark.django_db
def test_a_koi8_r_file_is_named_in_the_message(tmp_path):
    assert "KOI8-R" in refused(tmp_path, "schools.csv", SCHOOLS.encode("koi8_r"), kind="schools")


@pytest.mark.django_db
def test_a_koi8_r_file_in_capitals_is_refused_too(tmp_path):
    assert "KOI8-R" in refused(tmp_path, "schools.csv", SCHOOLS.upper().encode("koi8_r"), kind="schools")


@pytest.mark.parametrize(
    "text",
    [
        SCHOOLS,
        SCHOOLS.upper(),
        "code;name\r\n" + "T1;МБОУ СОШ\r\nT2;МКОУ ООШ\r\nT3;ГБОУ СОШ\r\n" * 20,
        "code,locality,is_small\r\n" + "T1,сельская,да\r\nT2,городская,нет\r\n" * 5,
        "Код;Название\r\nT1;МБОУ «СОШ № 1» — филиал\r\nT2;ВПРовский центр\r\n",
    ],
    ids=["mixed", "capitals", "abbreviations", "small-letters", "typography"],
)
def test_windows_1251_tables_are_still_read(text):
    header, *rows = text.strip().split("\r\n")
    frame = read_table(text.encode("cp1251"), "table.csv")
    assert list(frame.columns) == header.split(";" if ";" in header else ",")
    assert len(frame) == len(rows)


@pytest.mark.django_db
def test_the_admin_import_shows_the_encoding_refusal(client):
    client.force_login(regional_analyst())
    response = client.post(
        "/admin/analytics/import/",
        {"kind": "schools", "file": SimpleUploadedFile("schools.csv", SCHOOLS.encode("koi8_r"))},
    )

    assert response.status_code == 200
    assert "KOI8-R" in response.content.decode()
    assert not School.objects.exists()
