"""CSV and XLSX downloads of analytics tables.

CSV is streamed row by row (a 40,000-school region never sits in memory as one string), in
UTF-8 with a byte order mark and ``;`` between fields, so Excel with Russian settings opens it
as a table with decimal commas.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook

from django.http import HttpResponse, StreamingHttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Text that a spreadsheet will not run as a formula (CSV/formula injection)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
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


def xlsx_response(filename: str, sheet: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    worksheet.append(header)
    for row in rows:
        worksheet.append([_xlsx_value(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
