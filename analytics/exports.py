"""CSV and XLSX downloads of analytics tables.

CSV is streamed row by row (a 40,000-school region never sits in memory as one string), in
UTF-8 with a byte order mark and ``;`` between fields, so Excel with Russian settings opens it
as a table with decimal commas.

A value with the precision the page shows comes as a ``Decimal`` quantized to it (``fixed``):
CSV writes exactly those digits, XLSX stores the number with a format of as many decimals.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from django.http import HttpResponse, StreamingHttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Text that a spreadsheet will not run as a formula (CSV/formula injection)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def fixed(value, digits: int) -> Decimal | None:
    """A number rounded to ``digits`` decimals as the page's ``floatformat`` shows it (half up,
    from the shortest decimal form of the float); None stays None, minus zero loses its sign."""
    if value is None:
        return None
    number = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return abs(number) if number == 0 else number


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, float):
        return f"{value:.6g}".replace(".", ",") if abs(value) < 1e6 else f"{value:.0f}"
    return safe_text(str(value))


class _Echo:
    def write(self, value):
        return value


def stream_csv(filename: str, header: list[str], rows: Iterable[Iterable]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([csv_value(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_value(value):
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, str):
        return safe_text(value)
    return value


def _xlsx_cell(worksheet, value):
    if not isinstance(value, Decimal):
        return _xlsx_value(value)
    cell = WriteOnlyCell(worksheet, value=float(value))
    places = -value.as_tuple().exponent
    cell.number_format = "0." + "0" * places if places > 0 else "0"
    return cell


def _width(title: str) -> int:
    return max(10, min(len(title) + 2, 40))


def xlsx_response(
    filename: str,
    sheet: str,
    header: list[str],
    rows: Iterable[Iterable],
    widths: list[int] | None = None,
) -> HttpResponse:
    """One sheet: a bold header row frozen in place, column widths (``widths`` in characters,
    else from the header), numbers as numbers with the page's precision."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    # A write-only sheet takes its layout before the first row.
    worksheet.freeze_panes = "A2"
    for number, title in enumerate(header, start=1):
        width = widths[number - 1] if widths else _width(title)
        worksheet.column_dimensions[get_column_letter(number)].width = width
    bold = Font(bold=True)
    heading = []
    for title in header:
        cell = WriteOnlyCell(worksheet, value=safe_text(title))
        cell.font = bold
        heading.append(cell)
    worksheet.append(heading)
    for row in rows:
        worksheet.append([_xlsx_cell(worksheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
