"""Real PDF and DOCX files for demo materials, generated in memory.

The files carry actual Russian text so the resource bank's search can read inside them.
"""

import io
from functools import cache
from pathlib import Path

FONT_NAME = "DejaVuSans"
# Debian's fonts-dejavu-core (see the Makefile's system-packages); matplotlib ships the same font.
FONT_CANDIDATES = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
]


@cache
def cyrillic_font():
    """Register a TTF with Cyrillic glyphs once; None when the system has none."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for candidate in FONT_CANDIDATES:
        if candidate.exists():
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(candidate)))
            return FONT_NAME
    return None


def pdf_bytes(title, sections):
    """A PDF with a title and (heading, paragraphs) sections; None without a Cyrillic font."""
    font = cyrillic_font()
    if font is None:
        return None
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="Региональный институт развития образования")
    heading = ParagraphStyle("heading", fontName=font, fontSize=15, leading=19, spaceAfter=8)
    subheading = ParagraphStyle("subheading", fontName=font, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=14, spaceAfter=4)
    story = [Paragraph(escape(title), heading)]
    for section_title, paragraphs in sections:
        story.append(Paragraph(escape(section_title), subheading))
        story.extend(Paragraph(escape(text), body) for text in paragraphs)
        story.append(Spacer(1, 4))
    document.build(story)
    return buffer.getvalue()


def docx_bytes(title, sections):
    from docx import Document

    document = Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for section_title, paragraphs in sections:
        document.add_heading(section_title, level=2)
        for text in paragraphs:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
