"""The DOCX of one partnership agreement, filled from ``agreement.docx`` with docxtpl."""

from __future__ import annotations

import datetime
import io
from urllib.parse import quote

from docxtpl import DocxTemplate

from django.utils import dateformat
from django.utils.text import slugify

from .build import TEMPLATE

BLANK_NUMBER = "________"
BLANK_DATE = "«___» ______________ 20___ г."


def long_date(day: datetime.date) -> str:
    """«1» сентября 2025 г., as dates are written in Russian agreements."""
    return f"«{day.day}» {dateformat.format(day, 'E')} {day.year} г."


def _party(school) -> dict:
    return {"name": school.name, "code": school.code, "municipality": school.municipality.name}


def agreement_context(partnership) -> dict:
    """What the template shows. A draft has no signing date yet, so its date is a blank line;
    a signed agreement is dated by its start."""
    signed = partnership.status != partnership.Status.DRAFT
    if partnership.end_date:
        until = f"по {long_date(partnership.end_date)} включительно"
    else:
        until = "без ограничения срока, до его расторжения одной из Сторон"
    return {
        "number": partnership.agreement_number or BLANK_NUMBER,
        "place": partnership.low_school.municipality.name,
        "date": long_date(partnership.start_date) if signed else BLANK_DATE,
        "low": _party(partnership.low_school),
        "strong": _party(partnership.strong_school),
        "directions": [direction.name for direction in partnership.directions.order_by("order", "pk")],
        "start": long_date(partnership.start_date),
        "until": until,
    }


def render_agreement(partnership) -> bytes:
    template = DocxTemplate(TEMPLATE)
    # autoescape: school names are typed by people; "&" or "<" in one must not break the XML.
    template.render(agreement_context(partnership), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def _code_part(code: str) -> str:
    return slugify(code) or "school"


def content_disposition(partnership) -> str:
    """An ASCII ``filename`` for old clients and the Russian one in ``filename*`` (RFC 6266)."""
    low, strong = partnership.low_school.code, partnership.strong_school.code
    ascii_name = f"soglashenie-{_code_part(low)}-{_code_part(strong)}.docx"
    russian = f"Соглашение {low} — {strong}.docx".replace("/", "-").replace("\\", "-")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(russian, safe='')}"
