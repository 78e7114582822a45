"""The one validation of imported tables, shared by the command line and the admin.

Checks are vectorised over columns (100,000 rows take well under a second), and each problem
names the row as the spreadsheet shows it (the header is row 1) and the column as written in
the file, in Russian.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.methodology import parse_bool

from .schema import SCHEMAS, Schema, normalise_header

MIN_YEAR = 2000
MAX_INTEGER = 2_147_483_647  # the largest value an integer column holds on every database
CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
MARK_TOLERANCE = 0.02


@dataclass(frozen=True)
class Problem:
    row: int | None  # as in the spreadsheet: the header is row 1
    column: str | None  # as written in the file
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"строка {self.row}")
        if self.column:
            where.append(f"столбец «{self.column}»")
        prefix = ", ".join(where)
        return f"{prefix[:1].upper()}{prefix[1:]}: {self.message}" if prefix else self.message


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


class _Checker:
    def __init__(self, schema: Schema, raw: pd.DataFrame):
        self.schema = schema
        self.raw = raw
        self.problems: list[Problem] = []
        self.headers: dict[str, str] = {}

    def add(self, mask: pd.Series, column: str | None, message) -> None:
        """One problem per row where ``mask`` holds; ``message`` may take the raw cell."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        header = self.headers.get(column, column) if column else None
        raw = self.raw[self.headers[column]] if column in self.headers else None
        for pos in np.flatnonzero(mask.to_numpy()):
            text = message(str(raw.iloc[pos]).strip()) if callable(message) else message
            self.problems.append(Problem(int(pos) + 2, header, text))


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

    ``registry`` answers the questions that need the database (which schools, municipalities and
    risks exist); ``analytics.importing.registry.DatabaseRegistry`` is the real one.
    """
    schema = SCHEMAS[kind]
    checker = _Checker(schema, raw)
    headers, problems, unknown = map_headers(schema, list(raw.columns))
    checker.headers = headers
    warnings = [f"Столбец «{h}» не распознан и не загружается." for h in unknown]
    result = Validated(schema, pd.DataFrame(index=raw.index), headers, problems, warnings)
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
        if col.kind == "text":
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
            frame[col.name] = text
        elif col.kind in ("int", "float", "share", "year"):
            value, _, bad = _number(text)
            checker.add(bad, col.name, lambda v: f"ожидалось число, а в ячейке «{v}».")
            if col.kind in ("int", "year"):
                fractional = value.notna() & (value != np.round(value))
                checker.add(fractional, col.name, lambda v: f"ожидалось целое число, а в ячейке «{v}».")
                checker.add(value.abs() > MAX_INTEGER, col.name, lambda v: f"слишком большое число: «{v}».")
            if col.kind == "share":
                checker.add(
                    (value < 0) | (value > 1), col.name, lambda v: f"доля должна быть от 0 до 1, а в ячейке «{v}»."
                )
            if col.kind == "year":
                checker.add(
                    (value < MIN_YEAR) | (value > this_year + 1),
                    col.name,
                    lambda v: f"год должен быть от {MIN_YEAR} до {this_year + 1}, а в ячейке «{v}».",
                )
            frame[col.name] = value
        elif col.kind == "bool":
            value, bad = _by_unique(text, parse_bool)
            checker.add(bad, col.name, lambda v: f"ожидалось «да» или «нет» (true/false, 1/0), а в ячейке «{v}».")
            frame[col.name] = value.where(value.notna(), False).astype(bool)
        elif col.kind in ("choice", "subject"):

            def pick(v, col=col):
                key = normalise_header(v)
                if key in col.choices:
                    return col.choices[key]
                if col.kind == "subject" and key:
                    return key
                if not key:
                    return ""
                raise ValueError(v)

            value, bad = _by_unique(text, pick)
            allowed = ", ".join(sorted(set(col.choices.values())))
            checker.add(bad, col.name, lambda v, allowed=allowed: f"допустимые значения: {allowed}; в ячейке «{v}».")
            frame[col.name] = value.fillna("").astype("str")
    _kind_rules(kind, frame, checker, this_year)
    if registry is not None:
        _registry_rules(kind, frame, checker, registry, result)
    _duplicates(schema, frame, checker)
    result.problems = sorted(checker.problems, key=lambda p: p.row or 0)
    return result


def _kind_rules(kind: str, frame: pd.DataFrame, checker: _Checker, this_year: int) -> None:
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
    if "school_code" in frame:
        known = registry.school_codes()
        unknown = (frame["school_code"] != "") & ~frame["school_code"].isin(known)
        checker.add(
            unknown,
            "school_code",
            lambda v: f"школы с кодом «{v}» нет в реестре: сначала загрузите файл школ.",
        )
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
            checker.add(
                missing,
                "municipality",
                lambda v: (
                    f"муниципалитета «{v}» нет в реестре: проверьте название или сначала загрузите "
                    "файл муниципалитетов."
                ),
            )
        frame["municipality"] = resolved.fillna(given)
    if kind == "risks":
        risks = registry.risk_lookup()
        resolved = frame["risk"].map(lambda v: risks.get(normalise_header(v)))
        checker.add(
            (frame["risk"] != "") & resolved.isna(),
            "risk",
            lambda v: f"риска «{v}» нет в федеральном перечне: укажите его код или название.",
        )
        frame["risk"] = resolved.fillna(frame["risk"])


def _duplicates(schema: Schema, frame: pd.DataFrame, checker: _Checker) -> None:
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
    label = ", ".join(checker.headers[k] for k in key)
    repeated = keys.duplicated(keep="first")
    for pos in np.flatnonzero(repeated.to_numpy()):
        row_key = tuple(keys.iloc[pos])
        checker.problems.append(
            Problem(
                int(pos) + 2,
                label,
                f"повторяет строку {first[row_key]}: в одном файле не может быть двух строк с одинаковыми "
                f"значениями ({', '.join(row_key)}).",
            )
        )
