"""(Re)build ``agreement.docx``, the docxtpl template of the partnership agreement.

Run ``.venv/bin/python -m analytics.documents.build`` after changing the wording below and
commit the new file. The template is written with python-docx rather than edited in Word so
that every Jinja tag stays whole inside one run (Word splits text into runs at will, and a tag
split across runs is not seen by docxtpl) and so that the text can be reviewed in a diff.

The wording follows the standard agreement form of the regional programme: parties, subject,
the directions of cooperation chosen from the form's seven, obligations of both sides,
period, signatures. Directors' names are not in the registry, so they are left as lines to
fill in by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TEMPLATE = Path(__file__).with_name("agreement.docx")

LINE = "______________________________"
PARTY = "{{ %s.name }} (код {{ %s.code }}, {{ %s.municipality }})"

PREAMBLE = (
    f"{PARTY % ('low', 'low', 'low')}, именуемое в дальнейшем «Школа», в лице директора {LINE}, "
    "действующего на основании Устава, с одной стороны, и "
    f"{PARTY % ('strong', 'strong', 'strong')}, именуемое в дальнейшем «Школа-партнёр», в лице директора "
    f"{LINE}, действующего на основании Устава, с другой стороны, вместе именуемые «Стороны», "
    "заключили настоящее Соглашение о нижеследующем."
)

SUBJECT = [
    "1.1. Предмет Соглашения — сотрудничество Сторон в повышении качества образования в Школе: "
    "Школа-партнёр передаёт Школе свой управленческий и педагогический опыт, Школа использует его "
    "в своей программе повышения качества образования.",
    "1.2. Соглашение заключено в рамках региональной программы поддержки школ с низкими "
    "образовательными результатами и школ, функционирующих в неблагоприятных социальных условиях, "
    "и не влечёт финансовых обязательств Сторон.",
]

OBLIGATIONS = [
    (
        "3.1. Школа-партнёр обязуется:",
        [
            "консультировать администрацию и педагогов Школы по выбранным направлениям сотрудничества;",
            "открывать для педагогов Школы свои уроки, занятия и мероприятия, передавать методические материалы;",
            "участвовать в анализе результатов Школы и в подготовке её программы повышения качества образования.",
        ],
    ),
    (
        "3.2. Школа обязуется:",
        [
            "назначить ответственного за сотрудничество и вместе со Школой-партнёром составить план "
            "совместных мероприятий на срок действия Соглашения;",
            "обеспечить участие своих педагогов и администрации в совместных мероприятиях;",
            "использовать полученный опыт в своей программе и сообщать Школе-партнёру о результатах.",
        ],
    ),
    (
        "3.3. Стороны совместно:",
        [
            "не реже одного раза в год подводят итоги сотрудничества и представляют их в региональный "
            "институт развития образования;",
            "соблюдают требования законодательства о персональных данных при обмене сведениями "
            "об обучающихся и работниках.",
        ],
    ),
]

TERMS = [
    "4.1. Соглашение действует с {{ start }} {{ until }}.",
    "4.2. Изменения и дополнения к Соглашению оформляются дополнительными соглашениями, подписанными обеими Сторонами.",
    "4.3. Каждая из Сторон вправе расторгнуть Соглашение, письменно уведомив другую Сторону не менее чем за 30 дней.",
    "4.4. Соглашение составлено в двух экземплярах, имеющих равную силу, по одному для каждой Стороны.",
]

SIGNATURES = [
    ("Школа", "Школа-партнёр"),
    ("{{ low.name }}", "{{ strong.name }}"),
    ("Код {{ low.code }}, {{ low.municipality }}", "Код {{ strong.code }}, {{ strong.municipality }}"),
    ("Директор ______________ / ______________ /", "Директор ______________ / ______________ /"),
    ("М. П.", "М. П."),
]


def _base_style(document):
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    # Cyrillic text takes the font of these slots too; without them Word falls back to its theme font.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), "Times New Roman")
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "ru-RU")
    style.element.get_or_add_rPr().append(lang)
    style.paragraph_format.space_after = Pt(4)
    style.paragraph_format.line_spacing = 1.1
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)


def _paragraph(document, text, *, bold=False, align=None, indent=True):
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = bold
    if align is not None:
        paragraph.alignment = align
    elif indent:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
    return paragraph


def _heading(document, text):
    paragraph = _paragraph(document, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.space_before = Pt(10)
    paragraph.paragraph_format.keep_with_next = True


def _tag(document, text):
    """A paragraph holding only a docxtpl ``{%p %}`` tag: docxtpl removes it when rendering."""
    document.add_paragraph().add_run(text)


def build(path: Path = TEMPLATE) -> Path:
    document = Document()
    _base_style(document)
    document.core_properties.title = "Соглашение о сотрудничестве школ"
    document.core_properties.author = "Институт развития образования"
    document.core_properties.comments = "Шаблон docxtpl; собирается analytics/documents/build.py"

    _paragraph(document, "СОГЛАШЕНИЕ № {{ number }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        document,
        "о сотрудничестве школ в рамках региональной программы поддержки школ с низкими "
        "образовательными результатами и школ, функционирующих в неблагоприятных социальных условиях",
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    place = document.add_paragraph()
    place.paragraph_format.tab_stops.add_tab_stop(Cm(16.5), WD_TAB_ALIGNMENT.RIGHT)
    place.paragraph_format.space_before = Pt(12)
    place.paragraph_format.space_after = Pt(12)
    place.add_run("{{ place }}")
    place.add_run("\t")
    place.add_run("{{ date }}")

    _paragraph(document, PREAMBLE)

    _heading(document, "1. Предмет Соглашения")
    for text in SUBJECT:
        _paragraph(document, text)

    _heading(document, "2. Направления сотрудничества")
    _tag(document, "{%p if directions %}")
    _paragraph(document, "Стороны сотрудничают по следующим направлениям стандартной формы соглашения:")
    _tag(document, "{%p for direction in directions %}")
    _paragraph(document, "2.{{ loop.index }}. {{ direction }}{{ ';' if not loop.last else '.' }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p else %}")
    _paragraph(document, "Направления сотрудничества Стороны определяют дополнительным соглашением.")
    _tag(document, "{%p endif %}")

    _heading(document, "3. Обязательства Сторон")
    for lead, items in OBLIGATIONS:
        _paragraph(document, lead)
        for item in items:
            _paragraph(document, f"– {item}")

    _heading(document, "4. Срок действия Соглашения")
    for text in TERMS:
        _paragraph(document, text)

    _heading(document, "5. Подписи Сторон")
    table = document.add_table(rows=len(SIGNATURES), cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, (left, right) in zip(table.rows, SIGNATURES, strict=True):
        for cell, text in zip(row.cells, (left, right), strict=True):
            cell.width = Cm(8.25)
            cell.paragraphs[0].add_run(text).bold = text in ("Школа", "Школа-партнёр")
            cell.paragraphs[0].paragraph_format.space_after = Pt(8)

    document.save(path)
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE
    print(build(target))
