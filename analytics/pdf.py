"""What the analytics PDFs (the school passport, the annual report) share: the embedded font,
paragraph styles, the table look and Russian number formatting.

Cyrillic needs an embedded TrueType font: DejaVu Sans from Debian's fonts-dejavu-core (the
Makefile's system-packages target installs it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Table, TableStyle

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# Own names: other modules register "DejaVuSans" without its bold face and family.
FONT, FONT_BOLD = "PassportSans", "PassportSans-Bold"
HEADER_FILL = colors.HexColor("#e9edf1")
RULE = colors.HexColor("#b0b8c0")
MUTED = colors.HexColor("#4a5560")
AUTHOR = "Институт развития образования"
# Russian typography keeps a number and its "%" together; a no-break space also keeps "1 234".
NBSP = "\u00a0"


def register_fonts() -> None:
    if FONT_BOLD in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    # Paragraph markup (<b>) looks fonts up by family.
    registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


@dataclass(frozen=True)
class Styles:
    base: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    head: ParagraphStyle


def styles() -> Styles:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12.5)
    # Headings stay on the page of what they head.
    bold = {"parent": base, "fontName": FONT_BOLD, "keepWithNext": 1}
    return Styles(
        base=base,
        h1=ParagraphStyle("h1", **bold, fontSize=15, leading=19, spaceAfter=4),
        h2=ParagraphStyle("h2", **bold, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=3),
        h3=ParagraphStyle("h3", **bold, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2),
        small=ParagraphStyle("small", parent=base, fontSize=8, textColor=MUTED),
        # The size of ``table``'s text, for cells that must wrap (a Paragraph, not a string).
        cell=ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        head=ParagraphStyle("head", parent=base, fontName=FONT_BOLD, fontSize=8.5, leading=10.5),
    )


def table(rows, widths=None) -> Table:
    """A table with a repeated, shaded header row: the one table look of the analytics PDFs."""
    result = Table(rows, colWidths=widths, repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8.5),
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return result


def number(value, digits: int = 3) -> str:
    """``1.2345`` → «1,235»; whole numbers get no-break thousands spaces; ``None`` → «—»."""
    if value is None:
        return "—"
    return f"{value:,.{digits}f}".replace(",", NBSP).replace(".", ",")


def percent(share, digits: int = 1) -> str:
    """A share of one as Russian percent: ``0.125`` → «12,5 %» (the space is a no-break one)."""
    if share is None:
        return "—"
    return f"{number(share * 100, digits)}{NBSP}%"


def signed_percent(value, digits: int = 1) -> str:
    """A change already in percent, signed as the monitoring page writes it: ``-0.3`` → «−0,3 %»
    (a true minus sign), ``2`` → «+2,0 %»."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{number(abs(value), digits)}{NBSP}%"
