"""A date cell as Russian tables write it: 01.03.2025, 2025-03-01, or an Excel date (which the
XLSX reader gives as «2025-03-01 00:00:00», or as the serial number 45717 when the cell is
formatted as a number)."""

from __future__ import annotations

import datetime
import re

RUSSIAN = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+0?0:00(?::00)?)?")
ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00:00)?")
EXCEL_SERIAL = re.compile(r"(\d{1,6})(?:[.,]0+)?")
# Excel counts days from 30.12.1899 (its 1900 leap-year bug included).
EXCEL_EPOCH = datetime.date(1899, 12, 30)

MIN_DATE = datetime.date(2000, 1, 1)
YEARS_AHEAD = 10  # programmes and agreements run for some years ahead

EXPECTED = "ожидалась дата в виде 01.03.2025 или 2025-03-01"


def parse_date(text: str) -> datetime.date | None:
    """The date of a cell, None for an empty one; ValueError when it is not a date."""
    text = str(text).strip()
    if not text:
        return None
    if match := RUSSIAN.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := EXCEL_SERIAL.fullmatch(text):
        return EXCEL_EPOCH + datetime.timedelta(days=int(match.group(1)))
    else:
        raise ValueError(text)
    return datetime.date(year, month, day)  # ValueError for 31.02.2025


def latest_date(today: datetime.date | None = None) -> datetime.date:
    today = today or datetime.date.today()
    return datetime.date(today.year + YEARS_AHEAD, 12, 31)


def russian(value: datetime.date) -> str:
    return f"{value:%d.%m.%Y}"
