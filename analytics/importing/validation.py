"""The one validation of imported tables, shared by the command line and the admin.

Checks are vectorised over columns (100,000 rows take well under a second), and each problem
names the row as the spreadsheet shows it (the header is row 1) and the column as written in
the file, in Russian.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.methodology import parse_bool

from . import programme_rules
from .checks import Checker, Problem
from .columns import allowed_values, choice_key
from .dates import EXCEL_SERIAL, EXPECTED, MIN_DATE, latest_date, parse_date, russian
from .schema import SCHEMAS, Schema, normalise_header

__all__ = ["Problem", "Validated", "map_headers", "validate"]

MIN_YEAR = 2000
MAX_INTEGER = 2_147_483_647  # the largest value an integer column holds on every database
CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
MARK_TOLERANCE = 0.02


@dataclass
class Validated:
    schema: Schema
    frame: pd.DataFrame  # canonical columns present in the file, typed; index = data row position
    headers: dict[str, str]  # canonical name -> header as written
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new_municipalities: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def row_problems(self) -> dict[int, list[Problem]]:
        """Problems by data row position (0 = first row under the header)."""
        out: dict[int, list[Problem]] = {}
        for p in self.problems:
            if p.row is not None:
                out.setdefault(p.row - 2, []).append(p)
        return out


def map_headers(schema: Schema, columns: list[str]) -> tuple[dict[str, str], list[Problem], list[str]]:
    """Canonical name -> header in the file; missing required columns; unrecognised headers."""
    lookup: dict[str, str] = {}
    for col in schema.columns:
        for alias in (col.name, col.label, *col.aliases):
            lookup.setdefault(normalise_header(alias), col.name)
    headers: dict[str, str] = {}
    problems: list[Problem] = []
    unknown: list[str] = []
    for header in columns:
        name = lookup.get(normalise_header(header))
        if name is None:
            if normalise_header(header):
                unknown.append(header)
        elif name in headers:
            problems.append(
                Problem(None, header, f"столбец повторяет столбец «{headers[name]}» (оба означают «{name}»).")
            )
        else:
            headers[name] = header
    for col in schema.columns:
        if col.required and col.name not in headers:
            problems.append(
                Problem(
                    None,
                    None,
                    f"нет обязательного столбца «{col.name}» ({col.label}). "
                    f"Обязательные столбцы: {', '.join(c.name for c in schema.columns if c.required)}.",
                )
            )
    return headers, problems, unknown


def _number(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(value, empty, unreadable): decimal commas and spaces as Russian Excel writes them."""
    cleaned = text.str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
    cleaned = cleaned.str.replace(",", ".", regex=False)
    empty = cleaned == ""
    value = pd.to_numeric(cleaned.where(~empty), errors="coerce").astype("float64")
    bad = ~empty & (value.isna() | ~np.isfinite(value.fillna(0)))
    return value, empty, bad


def _by_unique(text: pd.Series, parse) -> tuple[pd.Series, pd.Series]:
    """Apply ``parse`` once per distinct value; returns (values, unreadable mask)."""
    codes, uniques = pd.factorize(text)
    parsed, failed = [], []
    for u in uniques:
        try:
            parsed.append(parse(u))
            failed.append(False)
        except ValueError:
            parsed.append(None)
            failed.append(True)
    parsed_arr = np.array([*parsed, None], dtype=object)
    failed_arr = np.array([*failed, False])
    return (
        pd.Series(parsed_arr[codes], index=text.index, dtype=object),
        pd.Series(failed_arr[codes], index=text.index),
    )


def validate(kind: str, raw: pd.DataFrame, registry=None) -> Validated:
    """Check a table of text cells for ``kind``; nothing is written here.

    ``registry`` answers the questions that need the database (which schools, municipalities,
    risks and directions exist, and which of them the importing user answers for);
    ``analytics.importing.registry.DatabaseRegistry`` is the real one.
    """
    schema = SCHEMAS[kind]
    checker = Checker(raw)
    headers, problems, unknown = map_headers(schema, list(raw.columns))
    checker.headers = headers
    checker.labels = {c.name: c.label for c in schema.columns}
    warnings = [f"Столбец «{h}» не распознан и не загружается." for h in unknown]
    result = Validated(schema, pd.DataFrame(index=raw.index), headers, problems, warnings)
    refusal = registry.scope_refusal() if registry is not None and schema.scoped else None
    if refusal:
        problems.append(Problem(None, None, refusal))
    if problems:
        return result
    frame = result.frame
    this_year = datetime.date.today().year
    for col in schema.columns:
        if col.name not in headers:
            continue
        text = raw[headers[col.name]].astype("str").str.strip()
        empty = text == ""
        if col.not_empty:
            checker.add(empty, col.name, "ячейка не заполнена, а значение обязательно.")
        checker.add(text.str.contains(CONTROL_CHARACTERS), col.name, "в ячейке есть недопустимые управляющие символы.")
        if col.kind in ("text", "school", "municipality", "risk", "directions"):
            _text_cells(col, text, empty, checker)
            frame[col.name] = text  # references are resolved against the registry below
        elif col.kind in ("int", "float", "share", "year"):
            frame[col.name] = _number_cells(col, text, checker, this_year)
        elif col.kind == "date":
            frame[col.name] = _date_cells(col, text, checker)
        elif col.kind == "bool":
            value, bad = _by_unique(text, parse_bool)
            checker.add(bad, col.name, lambda v: f"ожидалось «да» или «нет» (true/false, 1/0), а в ячейке «{v}».")
            default = bool(col.default) if col.default is not None else False
            frame[col.name] = value.where(value.notna(), default).astype(bool)
        elif col.kind in ("choice", "subject"):
            frame[col.name] = _choice_cells(col, text, checker)
    _absent_key_columns(schema, frame, headers)
    _kind_rules(kind, frame, checker, this_year)
    programme_rules.check_rows(kind, frame, checker)
    if registry is not None:
        _registry_rules(kind, frame, checker, registry, result)
        programme_rules.check_registry(kind, frame, checker, registry)
    _duplicates(schema, frame, checker)
    result.problems = sorted(checker.problems, key=lambda p: p.row or 0)
    return result


def _text_cells(col, text: pd.Series, empty: pd.Series, checker: Checker) -> None:
    if col.max_length:
        checker.add(
            text.str.len() > col.max_length,
            col.name,
            f"значение должно быть не длиннее {col.max_length} символов.",
        )
    if col.pattern:
        checker.add(
            ~empty & ~text.str.fullmatch(col.pattern),
            col.name,
            lambda v: f"код может содержать только буквы, цифры, точку, дефис и подчёркивание; в ячейке «{v}».",
        )


def _number_cells(col, text: pd.Series, checker: Checker, this_year: int) -> pd.Series:
    value, _, bad = _number(text)
    checker.add(bad, col.name, lambda v: f"ожидалось число, а в ячейке «{v}».")
    if col.kind in ("int", "year"):
        fractional = value.notna() & (value != np.round(value))
        checker.add(fractional, col.name, lambda v: f"ожидалось целое число, а в ячейке «{v}».")
        checker.add(value.abs() > MAX_INTEGER, col.name, lambda v: f"слишком большое число: «{v}».")
    if col.kind == "share":
        checker.add((value < 0) | (value > 1), col.name, lambda v: f"доля должна быть от 0 до 1, а в ячейке «{v}».")
    if col.kind == "year":
        checker.add(
            (value < MIN_YEAR) | (value > this_year + 1),
            col.name,
            lambda v: f"год должен быть от {MIN_YEAR} до {this_year + 1}, а в ячейке «{v}».",
        )
    return value


def _date_cells(col, text: pd.Series, checker: Checker) -> pd.Series:
    value, bad = _by_unique(text, parse_date)
    checker.add(bad, col.name, lambda v: f"{EXPECTED}, а в ячейке «{v}».")
    latest = latest_date()
    known = value.notna()
    outside = known & value.map(lambda d: d is not None and not MIN_DATE <= d <= latest)

    def message(cell: str) -> str:
        bounds = f"дата должна быть от {russian(MIN_DATE)} до {russian(latest)}"
        if EXCEL_SERIAL.fullmatch(cell):
            # A bare number is read as an Excel date serial: a year alone lands in 1905.
            read = russian(parse_date(cell))
            return f"{bounds}; число «{cell}» прочитано как дата Excel {read}. {EXPECTED.capitalize()}."
        return f"{bounds}, а в ячейке «{cell}»."

    checker.add(outside, col.name, message)
    return value.where(known & ~outside, None)


def _choice_cells(col, text: pd.Series, checker: Checker) -> pd.Series:
    def pick(v):
        key = choice_key(v)
        if key in col.choices:
            return col.choices[key]
        if col.kind == "subject" and key:
            return normalise_header(v)
        if not key:
            return col.default or ""
        raise ValueError(v)

    value, bad = _by_unique(text, pick)
    allowed = allowed_values(col)
    checker.add(bad, col.name, lambda v: f"допустимые значения: {allowed}; в ячейке «{v}».")
    return value.fillna("").astype("str")


def _absent_key_columns(schema: Schema, frame: pd.DataFrame, headers: dict[str, str]) -> None:
    """A key column the file leaves out still takes part in the key: its default, or «none»."""
    for name in schema.key:
        if name not in headers:
            col = schema.column(name)
            if col.default is not None:
                frame[name] = col.default
            elif col.kind == "date":
                frame[name] = None
            elif col.kind in ("int", "float", "share", "year"):
                frame[name] = np.nan
            else:
                frame[name] = ""


def _kind_rules(kind: str, frame: pd.DataFrame, checker: Checker, this_year: int) -> None:
    if kind == "results":
        checker.add(
            frame["participants"] <= 0,
            "participants",
            lambda v: f"число участников должно быть больше нуля, а в ячейке «{v}».",
        )
        checker.add(
            frame["mean_score"] <= 0, "mean_score", lambda v: f"средний балл должен быть больше нуля, а в ячейке «{v}»."
        )
        checker.add(
            (frame["grade"] < 1) | (frame["grade"] > 11),
            "grade",
            lambda v: f"класс должен быть от 1 до 11, а в ячейке «{v}».",
        )
        if "sd" in frame:
            checker.add(frame["sd"] < 0, "sd", lambda v: f"стандартное отклонение не может быть отрицательным: «{v}».")
        _sum_to_one(
            frame, checker, ["marks_2", "marks_3", "marks_4", "marks_5"], "доли отметок «2»–«5»", any_given=True
        )
        _sum_to_one(
            frame,
            checker,
            ["lowered_share", "confirmed_share", "raised_share"],
            "доли понизивших, подтвердивших и повысивших отметку",
            any_given=False,
        )
    if kind == "schools" and "students" in frame:
        checker.add(
            frame["students"] < 0, "students", lambda v: f"число обучающихся не может быть отрицательным: «{v}»."
        )


def _sum_to_one(frame, checker, columns, what, any_given):
    """Shares of one distribution sum to 1 within rounding. Marks: a missing share counts as 0
    once any is given; ВПР confirmation shares are checked when all three are given."""
    present = [c for c in columns if c in frame]
    if not present:
        return
    values = frame[present]
    given = values.notna().any(axis=1) if any_given else values.notna().all(axis=1) & (len(present) == len(columns))
    total = values.fillna(0).sum(axis=1)
    bad = given & ((total - 1).abs() > MARK_TOLERANCE)
    if bad.any():
        label = " + ".join(checker.headers[c] for c in present)
        for pos in np.flatnonzero(bad.to_numpy()):
            checker.problems.append(
                Problem(
                    int(pos) + 2,
                    label,
                    f"{what} в сумме дают {total.iloc[pos]:.3f}, а должны давать 1 (допуск ±{MARK_TOLERANCE}).",
                )
            )


def _registry_rules(kind, frame, checker, registry, result: Validated) -> None:
    schema = SCHEMAS[kind]
    schools = [c.name for c in schema.columns if c.name in frame and (c.kind == "school" or c.name == "school_code")]
    if schools:
        known = registry.school_codes()
        for name in schools:
            unknown = (frame[name] != "") & ~frame[name].isin(known)
            checker.add(unknown, name, lambda v: f"школы с кодом «{v}» нет в реестре: сначала загрузите файл школ.")
    if kind == "schools":
        names = registry.municipality_lookup()
        given = frame["municipality"]
        resolved = given.map(lambda v: names.get(normalise_header(v)))
        missing = (given != "") & resolved.isna()
        if missing.any() and not names:
            # The first schools file founds the registry (see import_data's help).
            result.new_municipalities = sorted(set(given[missing]))
            resolved = resolved.where(~missing, given)
        else:
            checker.add(missing, "municipality", UNKNOWN_MUNICIPALITY)
        frame["municipality"] = resolved.fillna(given)
    for col in schema.columns:
        if col.name not in frame:
            continue
        if col.kind == "municipality":
            resolved = _resolve(frame[col.name], registry.municipality_lookup())
            checker.add((frame[col.name] != "") & resolved.isna(), col.name, UNKNOWN_MUNICIPALITY)
            frame[col.name] = resolved.fillna(frame[col.name])
        elif col.kind == "risk" or (kind == "risks" and col.name == "risk"):
            resolved = _resolve(frame[col.name], registry.risk_lookup())
            checker.add(
                (frame[col.name] != "") & resolved.isna(),
                col.name,
                lambda v: f"риска «{v}» нет в федеральном перечне: укажите его код или название.",
            )
            frame[col.name] = resolved.fillna(frame[col.name])
        elif col.kind == "directions":
            frame[col.name] = _directions(col, frame[col.name], checker, registry.direction_lookup())


def _resolve(given: pd.Series, lookup: dict[str, str]) -> pd.Series:
    """Names or codes as written -> the registry's own, missing where the registry has none."""
    return given.map(lambda v: lookup.get(normalise_header(v)))


UNKNOWN_MUNICIPALITY = (
    "муниципалитета «{}» нет в реестре: проверьте название или сначала загрузите файл муниципалитетов.".format
)
DIRECTION_SEPARATORS = re.compile(r"[;\n]")


def _directions(col, given: pd.Series, checker: Checker, lookup: dict[str, str]) -> pd.Series:
    """«management; Наставничество» -> ("management", "mentoring"), each name or code once."""

    def parse(cell: str) -> tuple[str, ...]:
        codes, unknown = [], []
        for part in DIRECTION_SEPARATORS.split(cell):
            if not part.strip():
                continue
            code = lookup.get(normalise_header(part))
            if code is None:
                unknown.append(part.strip())
            elif code not in codes:
                codes.append(code)
        if unknown:
            raise ValueError("; ".join(unknown))
        return tuple(codes)

    value, bad = _by_unique(given, parse)
    allowed = ", ".join(sorted(set(lookup.values())))

    def message(cell: str) -> str:
        names = [p.strip() for p in DIRECTION_SEPARATORS.split(cell) if p.strip()]
        unknown = [p for p in names if normalise_header(p) not in lookup]
        return (
            f"нет такого направления сотрудничества: {', '.join(f'«{u}»' for u in unknown)}. Укажите названия "
            f"направлений типовой формы соглашения или их коды ({allowed}) через «;»."
        )

    checker.add(bad, col.name, message)
    return value.map(lambda v: v if isinstance(v, tuple) else ())


def _key_text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return "—"
    if isinstance(value, datetime.date):
        return russian(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _duplicates(schema: Schema, frame: pd.DataFrame, checker: Checker) -> None:
    key = [k for k in schema.key if k in frame]
    if len(key) != len(schema.key) or frame.empty:
        return
    keys = frame[key].astype("str")
    if "code" in key or "name" in key:
        keys = keys.apply(lambda s: s.str.lower())
    dup = keys.duplicated(keep=False)
    if not dup.any():
        return
    first_row = keys.loc[dup].groupby(key, sort=False).head(1)
    first = {tuple(r): int(i) + 2 for i, r in zip(first_row.index, first_row.itertuples(index=False), strict=True)}
    label = ", ".join(checker.header(k) for k in key)
    repeated = keys.duplicated(keep="first")
    for pos in np.flatnonzero(repeated.to_numpy()):
        shown = ", ".join(_key_text(value) for value in frame[key].iloc[pos])
        checker.problems.append(
            Problem(
                int(pos) + 2,
                label,
                f"повторяет строку {first[tuple(keys.iloc[pos])]}: в одном файле не может быть двух строк с "
                f"одинаковыми значениями ({shown}).",
            )
        )
