"""What the index holds of a page: its document, as search.contract.IndexDocument shapes it.

A bank resource describes itself (`bank_document()`, see practices/ and communities/); any
other page is read through its Wagtail search fields, the same fields the admin's search uses,
so a new page type is found without further work.
"""

import html
import re

from django.utils import timezone

from wagtail.search import index

from .contract import FACET_NAMES
from .extraction import cached_text, extract_text

SPACES = re.compile(r"\s+")
# Paragraphs stripped of their tags meet without a space («заданий.Рекомендуется»).
GLUED_SENTENCES = re.compile(r"(\w{2}[.!?…])(?=[А-ЯЁA-Z])")


def is_bank_page(page):
    return callable(getattr(page.specific_class or type(page), "bank_document", None))


def is_public_document(document):
    """An attachment of a live public page is downloadable by anyone unless its collection is private.

    The file's page is checked by `indexing.is_public` before its document is built; Wagtail's document
    privacy is a view restriction on the collection or one of its ancestors.
    """
    return not document.collection.get_view_restrictions().exists()


def facet_value(value):
    return SPACES.sub("_", str(value).strip())


def text_parts(text):
    """A text as the index keeps it: entities decoded, one part per line, whitespace collapsed in each.

    Parts stay apart so a snippet (search/snippets.py) never runs a title or a name into prose.
    """
    text = GLUED_SENTENCES.sub(r"\1 ", html.unescape(text or ""))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def site_document(page):
    """A page outside the bank as the index takes it: the text of its Wagtail search fields."""
    meta = (page.specific_class or type(page))._meta
    published = page.last_published_at or page.first_published_at or timezone.now()
    return {
        "title": page.title,
        "type": meta.label_lower,
        "type_label": str(meta.verbose_name),
        "summary": getattr(page, "summary", "") or page.search_description or "",
        "text": "\n".join(searchable_strings(page)),
        "attachments": [],
        "facets": {},
        "date": timezone.localdate(published),
        "downloads": 0,
    }


def searchable_strings(page):
    """The page's search field values as strings, but the title and summary the document has apart."""
    for field in page.get_search_fields():
        if getattr(field, "field_name", None) not in ("title", "summary"):
            yield from _field_strings(page, field)


def _field_strings(instance, field):
    if isinstance(field, index.RelatedFields):
        related = field.get_value(instance)
        if hasattr(related, "all"):
            items = related.all()
        else:
            related = related() if callable(related) else related
            items = [] if related is None else [related]
        for item in items:
            for subfield in field.fields:
                yield from _field_strings(item, subfield)
    elif isinstance(field, index.SearchField):
        # A choice shows its label («Круглый стол»), not the stored code.
        display = getattr(instance, f"get_{field.field_name}_display", None)
        yield from _strings(display() if callable(display) else field.get_value(instance))


def _strings(value):
    """Strings in a field value (StreamField and rich text give lists); dates and numbers are no text."""
    if isinstance(value, str):
        if value.strip():
            yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def build_document(page, *, extract=True):
    """The page's index document with attachments' text merged in and facets normalised.

    With `extract=False` only text extracted before is used: reading a new PDF is the queue's
    work (search/indexing.py), never a request's.
    """
    in_bank = is_bank_page(page)
    document = page.bank_document() if in_bank else site_document(page)
    read = extract_text if extract else cached_text
    attachments_text = "\n".join(
        read(attachment)
        for attachment in document.get("attachments") or []
        if attachment is not None and is_public_document(attachment)
    )
    facets = {}
    for name in FACET_NAMES:
        pairs = document.get("facets", {}).get(name) or []
        facets[name] = [(facet_value(value), str(label)) for value, label in pairs if str(value).strip()]
    if not facets["type"]:
        facets["type"] = [(document["type"], document["type_label"])]
    date = document.get("date") or (page.first_published_at or timezone.now()).date()
    return {
        "page_id": page.pk,
        "in_bank": in_bank,
        "title": document["title"],
        "url": page.get_url() or page.url_path,
        "type": document["type"],
        "type_label": document["type_label"],
        "summary": " ".join(html.unescape(document.get("summary") or "").split()),
        # Text from rich text fields may still carry entities (&lt;, &nbsp;); snippets escape it again.
        "text": text_parts("\n".join([document.get("text") or "", attachments_text])),
        "facets": facets,
        "date": date,
        "downloads": int(document.get("downloads") or 0),
    }
