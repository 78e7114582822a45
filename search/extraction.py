"""Plain text of attached PDF and DOCX documents, so their contents can be searched.

Extraction is slow and files rarely change, so the text is cached per document and file hash.
A broken or unreadable file gives empty text and a log line, never an error for the editor.
"""

import hashlib
import logging
from pathlib import PurePath

from .models import AttachmentText

logger = logging.getLogger(__name__)

# A 300-page manual is plenty to find it by; more only slows indexing.
MAX_TEXT_LENGTH = 500_000


def _pdf_text(handle):
    from pypdf import PdfReader

    reader = PdfReader(handle)
    parts, length = [], 0
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
        if length > MAX_TEXT_LENGTH:
            break
    return "\n".join(parts)


def _docx_text(handle):
    import docx

    document = docx.Document(handle)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


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


def extract_text(document):
    """The searchable text of a Wagtail document ("" for unknown formats and broken files)."""
    extractor = EXTRACTORS.get(PurePath(document.file.name or "").suffix.lower())
    if extractor is None:
        return ""
    try:
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
    except Exception:  # pypdf and python-docx raise many kinds of errors on damaged files.
        logger.warning("Attachment %s: text could not be extracted", document.pk, exc_info=True)
        text = ""
    text = " ".join(text.split())[:MAX_TEXT_LENGTH]
    AttachmentText.objects.update_or_create(document=document, file_hash=key, defaults={"text": text})
    return text
