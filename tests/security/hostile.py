"""What the hostile tests share: the payloads, how to tell live markup from escaped text, and
how an editor's form post through the Wagtail admin is made (the rich-text converters run only
there, so rich text is attacked through them, as a hostile editor would)."""

import json
import re
from html.parser import HTMLParser

from django.utils.html import escape

from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOADS = [SCRIPT, IMG]
# A URL no page may ever send a visitor to.
EVIL = "https://evil.example/"
NUL = "\x00"
LONG = "ы" * 10_000

_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}
# Script elements that hold data, not code.
_DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class _LiveMarkup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        text = self.get_starttag_text()
        if tag == "script" and "src" not in attributes and attributes.get("type") not in _DATA_SCRIPT_TYPES:
            self.found.append(text)
        for name, value in attrs:
            compact = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on") or (name in _URL_ATTRIBUTES and compact.startswith(_SCRIPT_SCHEMES)):
                self.found.append(text)

    handle_startendtag = handle_starttag


def live_markup(body: str) -> list[str]:
    """Tags of ``body`` that would run a script: inline scripts, event handlers, script URLs.

    The portal's own scripts are files (``<script src>``) and JSON-LD data, never inline code
    (the Content-Security-Policy forbids it), so anything else found here is an injection.
    The page is parsed as a browser would tokenise it, so text that merely looks like a tag
    (an escaped payload inside an attribute) is not counted.
    """
    parser = _LiveMarkup()
    parser.feed(body)
    parser.close()
    return parser.found


def assert_escaped(body: str, payload: str) -> None:
    """``payload`` was shown as text: its raw form is absent, its escaped form present."""
    assert payload not in body, f"raw payload in the page: {payload!r}"
    assert escape(payload) in body, f"escaped payload not shown: {escape(payload)!r}"
    assert live_markup(body) == []


def contentstate(text: str, link: str | None = None, block_type: str = "unstyled") -> str:
    """Draftail's form value (what the editor's browser posts): one block, optionally one link.

    A hostile editor writes this JSON by hand, so it carries whatever the attacker wants.
    """
    entity_ranges = [{"offset": 0, "length": len(text), "key": 0}] if link is not None else []
    entity_map = {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": link}}} if link is not None else {}
    block = {
        "key": "x1x2x",
        "type": block_type,
        "depth": 0,
        "text": text,
        "inlineStyleRanges": [],
        "entityRanges": entity_ranges,
        "data": {},
    }
    return json.dumps({"blocks": [block], "entityMap": entity_map})


def edit_form(client, page):
    """The page's edit form in the admin as the editor's browser would post it back.

    StreamFields are drawn by JavaScript, so their values are not in the HTML: callers give
    them with :func:`stream`.
    """
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200, response.status_code
    return querydict_from_html(response.content.decode(), form_id="page-edit-form")


def stream(name, blocks):
    """Form data of StreamField ``name`` holding ``blocks`` [(type, form value)]."""
    return nested_form_data({name: streamfield(blocks)})


def post_edit(client, page, data, action="action-publish"):
    """Post the edit form (publishing by default); returns the response."""
    form = data.copy()
    form[action] = action
    return client.post(f"/admin/pages/{page.pk}/edit/", form)


def with_fields(data, **fields):
    """A copy of the form data with ``fields`` replaced (a dict of field -> value works too)."""
    form = data.copy()
    for name, value in fields.items():
        form[name] = value
    return form
