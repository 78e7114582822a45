"""Plain text of attached PDF and DOCX documents, so their contents can be searched.

Extraction is slow and files rarely change, so the text is cached per document and file hash;
it runs on the background queue (search/indexing.py), a request only reads the cache.
A broken or unreadable file gives empty text and a log line, never an error for the editor.

Extraction runs when a page is published, on files anyone with upload rights can make, so
every read is bounded: the file's size, a DOCX's unpacked size (a small zip can unpack to
gigabytes), the number of PDF pages read and the length of the text kept.
"""

import hashlib
import logging
import zipfile
from pathlib import PurePath

from .models import AttachmentText

logger = logging.getLogger(__name__)

# A 300-page manual is plenty to find it by; more only slows indexing.
MAX_TEXT_LENGTH = 500_000
# Above Wagtail's upload cap (WAGTAILDOCS_MAX_UPLOAD_SIZE, 20 MB), for files uploaded before it.
MAX_FILE_BYTES = 30 * 1024 * 1024
# A DOCX is a zip; python-docx reads every part into memory. Text and pictures of a long
# manual unpack to a few tens of megabytes.
MAX_DOCX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_DOCX_PARTS = 5_000
MAX_PDF_PAGES = 2_000


class ExtractionRefused(Exception):
    """The file is over a limit; its text is not read."""


class _Collected:
    """Text pieces up to MAX_TEXT_LENGTH characters, so a huge document stops being read early."""

    def __init__(self):
        self.parts, self.length = [], 0

    @property
    def full(self):
        return self.length >= MAX_TEXT_LENGTH

    def add(self, text):
        if text and not self.full:
            text = text[: MAX_TEXT_LENGTH - self.length]
            self.parts.append(text)
            self.length += len(text) + 1

    def text(self):
        return "\n".join(self.parts)


def _pdf_text(handle):
    from pypdf import PdfReader

    reader = PdfReader(handle)
    collected = _Collected()
    for number, page in enumerate(reader.pages):
        if collected.full or number >= MAX_PDF_PAGES:
            break
        collected.add(page.extract_text() or "")
    return collected.text()


def _check_docx_size(handle):
    """Refuse a DOCX whose parts unpack past the limit, from the sizes the zip declares.

    Python's zipfile never inflates a member past its declared size, so the sum of the
    declared sizes bounds what python-docx will read.
    """
    with zipfile.ZipFile(handle) as archive:
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_DOCX_PARTS or unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise ExtractionRefused(f"DOCX unpacks to {unpacked} bytes in {len(members)} parts")
    handle.seek(0)


def _docx_text(handle):
    import docx

    _check_docx_size(handle)
    document = docx.Document(handle)
    collected = _Collected()
    for paragraph in document.paragraphs:
        if collected.full:
            return collected.text()
        collected.add(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                if collected.full:
                    return collected.text()
                collected.add(cell.text)
    return collected.text()


def _txt_text(handle):
    return handle.read(MAX_TEXT_LENGTH * 4).decode("utf-8", errors="replace")


EXTRACTORS = {".pdf": _pdf_text, ".docx": _docx_text, ".txt": _txt_text}


def file_hash(document):
    if document.file_hash:
        return document.file_hash
    digest = hashlib.sha1(usedforsecurity=False)
    with document.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def paragraphs(text):
    """The text a paragraph per line, so a snippet never runs a heading into the text under it.

    A DOCX gives paragraphs, a PDF gives the lines of its pages: a line is joined to the one
    before it unless that one ends a sentence or a blank line parts them, or it begins with a
    capital (a heading, a new paragraph, more often than a wrapped name).
    """
    joined, current = [], []
    for line in text.splitlines():
        line = " ".join(line.split())
        if current and (not line or line[0].isupper() or current[-1][-1] in ".!?…:;"):
            joined.append(" ".join(current))
            current = []
        if line:
            current.append(line)
    if current:
        joined.append(" ".join(current))
    return "\n".join(joined)


def extract_text(document):
    """The searchable text of a Wagtail document ("" for unknown formats and broken files)."""
    extractor = EXTRACTORS.get(PurePath(document.file.name or "").suffix.lower())
    if extractor is None:
        return ""
    try:
        size = document.file.size
        if size > MAX_FILE_BYTES:
            logger.warning("Attachment %s: text not extracted, the file is %s bytes", document.pk, size)
            return ""
        key = file_hash(document)
    except OSError:
        logger.warning("Attachment %s: file is missing", document.pk)
        return ""
    cached = AttachmentText.objects.filter(document=document, file_hash=key).first()
    if cached is not None:
        return cached.text
    try:
        with document.file.open("rb") as handle:
            text = extractor(handle)
    except ExtractionRefused as refusal:
        logger.warning("Attachment %s: text not extracted, over the limits (%s)", document.pk, refusal)
        text = ""
    except Exception:  # pypdf and python-docx raise many kinds of errors on damaged files.
        logger.warning("Attachment %s: text could not be extracted", document.pk, exc_info=True)
        text = ""
    text = paragraphs(text)[:MAX_TEXT_LENGTH]
    AttachmentText.objects.update_or_create(document=document, file_hash=key, defaults={"text": text})
    return text


def cached_text(document):
    """The text extracted before from this version of the file, or "": never opens the file."""
    if not document.file_hash:
        return ""
    cached = AttachmentText.objects.filter(document=document, file_hash=document.file_hash).first()
    return cached.text if cached is not None else ""
