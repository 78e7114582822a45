"""Reading an uploaded table: CSV (UTF-8 with or without BOM, or the Windows-1251,
semicolon-separated CSV that Russian Excel writes) or XLSX, into a frame of text cells.

Every cell stays text here; types are checked by ``validation`` so that a wrong cell becomes
a message naming its row and column instead of a silently coerced value.

A file is refused whole, with a message in Russian, before it is parsed past a limit: an XLSX
that unpacks to more than MAX_XLSX_UNPACKED_BYTES (a small zip can unpack to gigabytes), a
table of more than MAX_ROWS rows, and a CSV in an encoding other than UTF-8 or Windows-1251
(every byte string decodes as Windows-1251, so a KOI8-R file would otherwise be read as
garbage and stored).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pandas as pd


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


XLSX_MAGIC = b"PK\x03\x04"
LINE = re.compile(r"[^\r\n]+")

# The largest import (results of a year) has some hundred thousand rows.
MAX_ROWS = 1_000_000
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024

ACCEPTED_ENCODINGS = (
    "Принимаются файлы CSV в кодировке UTF-8 или Windows-1251 и книги XLSX: сохраните таблицу в Excel "
    "как «CSV UTF-8» или «Книга Excel (*.xlsx)» и загрузите снова."
)

# How much of a Windows-1251 reading is looked at to tell Russian text from a misread file.
ENCODING_SAMPLE = 100_000
CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+")
CAPITALISED = re.compile(r"[А-ЯЁ][а-яё]+")
RUSSIAN_LETTERS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
# The ten most frequent letters of Russian: two thirds of the letters of any Russian text.
FREQUENT_LETTERS = frozenset("оеаинтсрвл")
# Characters of Windows-1251 that Russian tables use besides letters.
TYPOGRAPHY = frozenset("№«»–—…“”„‘’•°±§\xa0\xad")


def _frequent_share(text: str) -> float:
    letters = [char for char in text.casefold() if char in RUSSIAN_LETTERS]
    return sum(char in FREQUENT_LETTERS for char in letters) / len(letters) if letters else 0.0


def _misread_encoding(text: str) -> str | None:
    """The likely real encoding of bytes decoded as Windows-1251 when they are not Russian text, else None.

    - Other Cyrillic code pages (DOS 866, ISO-8859-5, Mac) put pseudo-graphics and letters of
      other alphabets (Љ, ®, ¤, ѓ...) where Windows-1251 has Russian letters.
    - KOI8-R letters decode as Russian letters with the case swapped and the alphabet
      shuffled: «Код школы» reads as «лПД ЫЛПМЩ». Words that start lower-case and go on in
      capitals give it away; in a text without them, the share of the most frequent Russian
      letters in either reading decides.
    """
    sample = text[:ENCODING_SAMPLE]
    non_ascii = [char for char in sample if ord(char) > 127]
    odd = [char for char in non_ascii if char.casefold() not in RUSSIAN_LETTERS and char not in TYPOGRAPHY]
    if len(odd) >= 3 and len(odd) > 0.05 * len(non_ascii):
        return "DOS 866, ISO-8859-5 или другой"
    capitalised = swapped = 0
    for word in CYRILLIC_WORD.findall(sample):
        if word.islower() or word.isupper():
            continue
        if CAPITALISED.fullmatch(word):
            capitalised += 1
        else:
            swapped += 1
    if swapped >= 2 and swapped > capitalised:
        return "KOI8-R"
    if capitalised or swapped:
        return None
    # Without mixed-case words, the letters decide. Short words in capitals (ОГЭ, МБОУ СОШ)
    # are abbreviations, whose letters are not those of running text, so they are weighed
    # only when there is nothing else: a text of small letters alone.
    words = CYRILLIC_WORD.findall(sample)
    long_words = " ".join(word for word in words if len(word) >= 6)
    if len(long_words) >= 12:
        text, margin = long_words, 0.1
    elif sum(map(len, words)) >= 12 and all(word.islower() for word in words):
        text, margin = " ".join(words), 0.0
    else:
        return None
    if _frequent_share(text.encode("cp1251").decode("koi8_r")) > _frequent_share(text) + margin:
        return "KOI8-R"
    return None


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Russian Excel saves "CSV (разделители — точка с запятой)" in Windows-1251.
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"Не удалось распознать кодировку файла. {ACCEPTED_ENCODINGS}") from exc
    encoding = _misread_encoding(text)
    if encoding is not None:
        raise ImportFileError(
            f"Файл сохранён в неподдерживаемой кодировке (похоже, {encoding}), его текст прочитался бы "
            f"искажённым. {ACCEPTED_ENCODINGS}"
        )
    return text


def _too_many_rows() -> ImportFileError:
    limit = f"{MAX_ROWS:_}".replace("_", " ")
    return ImportFileError(
        f"В файле больше {limit} строк с данными — столько не загружается за один раз. "
        "Разделите файл на части и загрузите их по очереди."
    )


def _delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_csv_text(text: str) -> pd.DataFrame:
    # The header is looked for line by line: splitting a large file whole costs a copy of it.
    first = next((line.group() for line in LINE.finditer(text) if line.group().strip()), "")
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
            # One row past the limit is enough to refuse the file without parsing the rest.
            nrows=MAX_ROWS + 1,
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        raise ImportFileError(f"Файл не удалось прочитать как CSV: {exc}.") from exc
    if len(frame) > MAX_ROWS:
        raise _too_many_rows()
    return frame


def _check_unpacked_size(data: bytes) -> None:
    """Refuse an XLSX whose parts unpack past the limit, from the sizes its zip declares.

    Python's zipfile never inflates a member past its declared size, so the declared sizes
    bound what openpyxl will read.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        mb = 1024 * 1024
        raise ImportFileError(
            f"Книга XLSX после распаковки занимает {unpacked // mb} МБ, а допускается не больше "
            f"{MAX_XLSX_UNPACKED_BYTES // mb} МБ. Оставьте в книге один лист с данными без картинок "
            "и оформления или сохраните его как «CSV UTF-8»."
        )


def read_xlsx(data: bytes) -> pd.DataFrame:
    damaged = "Файл не удалось прочитать как XLSX: возможно, он повреждён."
    try:
        _check_unpacked_size(data)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(damaged) from exc
    try:
        frame = pd.read_excel(
            io.BytesIO(data),
            sheet_name=0,
            dtype=str,
            keep_default_na=False,
            engine="openpyxl",
            # One row past the limit is enough to refuse the file without reading the rest.
            nrows=MAX_ROWS + 1,
        )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(damaged) from exc
    # Excel leaves trailing empty rows and "Unnamed" columns behind formatting.
    frame = frame.loc[:, [not str(c).startswith("Unnamed:") for c in frame.columns]]
    if len(frame):
        filled = frame.apply(lambda col: col.astype(str).str.strip() != "").any(axis=1)
        last = filled[filled].index.max() if filled.any() else -1
        frame = frame.loc[:last] if last >= 0 else frame.iloc[0:0]
    if len(frame) > MAX_ROWS:
        raise _too_many_rows()
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
