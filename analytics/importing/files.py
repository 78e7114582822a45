"""Reading an uploaded table: CSV (UTF-8 with or without BOM, or the Windows-1251,
semicolon-separated CSV that Russian Excel writes) or XLSX, into a frame of text cells.

Every cell stays text here; types are checked by ``validation`` so that a wrong cell becomes
a message naming its row and column instead of a silently coerced value.
"""

from __future__ import annotations

import csv
import io
import zipfile

import pandas as pd


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


XLSX_MAGIC = b"PK\x03\x04"


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Russian Excel saves "CSV (разделители — точка с запятой)" in Windows-1251.
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise ImportFileError("Не удалось распознать кодировку файла: сохраните его как CSV UTF-8 или XLSX.") from exc


def _delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_csv_text(text: str) -> pd.DataFrame:
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise ImportFileError("Файл пуст: в нём нет ни заголовка, ни строк с данными.")
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=_delimiter(first),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
            quoting=csv.QUOTE_MINIMAL,
            engine="c",
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        raise ImportFileError(f"Файл не удалось прочитать как CSV: {exc}.") from exc
    return frame


def read_xlsx(data: bytes) -> pd.DataFrame:
    try:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=0, dtype=str, keep_default_na=False, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError("Файл не удалось прочитать как XLSX: возможно, он повреждён.") from exc
    # Excel leaves trailing empty rows and "Unnamed" columns behind formatting.
    frame = frame.loc[:, [not str(c).startswith("Unnamed:") for c in frame.columns]]
    if len(frame):
        filled = frame.apply(lambda col: col.astype(str).str.strip() != "").any(axis=1)
        last = filled[filled].index.max() if filled.any() else -1
        frame = frame.loc[:last] if last >= 0 else frame.iloc[0:0]
    return frame


def read_table(data: bytes, file_name: str = "") -> pd.DataFrame:
    """The first sheet or the CSV as text cells, headers as written in the file."""
    name = file_name.lower()
    if not data or not data.strip():
        raise ImportFileError("Файл пуст: в нём нет ни заголовка, ни строк с данными.")
    if data.startswith(XLSX_MAGIC):
        frame = read_xlsx(data)
    elif name.endswith((".xlsx", ".xls", ".ods", ".docx", ".pdf", ".zip")) or b"\x00" in data[:4096]:
        raise ImportFileError(
            "Файл не похож на таблицу CSV или XLSX. Сохраните данные в Excel как «Книга Excel (*.xlsx)» "
            "или «CSV UTF-8» и загрузите снова."
        )
    else:
        frame = read_csv_text(_decode(data))
    frame.columns = [str(c) for c in frame.columns]
    if frame.columns.empty:
        raise ImportFileError("Файл пуст: в нём нет ни заголовка, ни строк с данными.")
    if frame.empty:
        raise ImportFileError("В файле есть заголовок, но нет ни одной строки с данными.")
    return frame.reset_index(drop=True)
