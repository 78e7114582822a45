"""Canonical input frames (METHODOLOGY.md "Interfaces").

The engine accepts frames straight from CSV/XLSX or from the Django side; these helpers give
them one set of dtypes so every later step can rely on them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SCHOOL_COLUMNS = [
    "code",
    "name",
    "municipality",
    "locality",
    "is_small",
    "advanced_study",
    "students",
]
RESULT_KEY = ["school_code", "year", "assessment", "grade", "subject"]
RESULT_REQUIRED = [*RESULT_KEY, "participants", "mean_score"]
RESULT_OPTIONAL = [
    "sd",
    "fail_share",
    "marks_2",
    "marks_3",
    "marks_4",
    "marks_5",
    "lowered_share",
    "confirmed_share",
    "raised_share",
]
RESULT_COLUMNS = RESULT_REQUIRED + RESULT_OPTIONAL
CONTEXT_KEY = ["school_code", "year"]

_TRUE = {"true", "1", "да", "yes", "y", "t", "д", "1.0"}
_FALSE = {"false", "0", "нет", "no", "n", "f", "н", "0.0"}


def parse_bool(value: object) -> bool | None:
    """One boolean cell: bool, 1/0, true/false, да/нет (any case); empty gives None."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        if np.isnan(value):
            return None
        if value in (0, 1):
            return bool(value)
        raise ValueError(f"not a boolean: {value!r}")
    text = str(value).strip().lower()
    if text == "" or text == "nan":
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def parse_bool_series(values: pd.Series) -> pd.Series:
    """Column form of ``parse_bool``, as pandas' nullable boolean dtype."""
    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean")
    # Distinct values are few (true/false/да/нет), so parsing them once is enough.
    codes, uniques = pd.factorize(values)
    parsed = np.array([parse_bool(u) for u in uniques] + [None], dtype=object)
    return pd.Series(parsed[codes], index=values.index, dtype="boolean")


def _text(values: pd.Series, case: str | None = None) -> pd.Series:
    """Stripped (and upper/lower-cased) text; missing stays missing.

    Columns repeat a few distinct values over millions of rows, so the string work is done
    once per distinct value and broadcast back.
    """
    codes, uniques = pd.factorize(values)
    if len(uniques) == 0:
        return pd.Series(np.nan, index=values.index, dtype="str")
    cleaned = pd.Series(uniques).astype("str").str.strip()
    if case == "upper":
        cleaned = cleaned.str.upper()
    elif case == "lower":
        cleaned = cleaned.str.lower()
    taken = cleaned.to_numpy(dtype=object)[np.maximum(codes, 0)]
    taken[codes < 0] = np.nan
    return pd.Series(taken, index=values.index, dtype="str")


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """The column, or an all-missing one: optional columns may be absent entirely."""
    return frame.get(name, pd.Series(np.nan, index=frame.index))


def _codes(values: pd.Series) -> pd.Series:
    return _text(values)


def _missing(frame: pd.DataFrame, required: list[str], what: str) -> None:
    absent = [c for c in required if c not in frame.columns]
    if absent:
        raise ValueError(f"{what}: missing columns {absent}")


def normalise_schools(schools: pd.DataFrame) -> pd.DataFrame:
    """Schools with canonical dtypes; absent attribute columns become empty."""
    _missing(schools, ["code"], "schools")
    out = pd.DataFrame(index=schools.index)
    out["code"] = _codes(schools["code"])
    for col in ("name", "municipality", "locality"):
        src = _column(schools, col)
        out[col] = _text(src, "lower" if col == "locality" else None)
    for col in ("is_small", "advanced_study"):
        src = _column(schools, col)
        out[col] = parse_bool_series(src)
    src = _column(schools, "students")
    out["students"] = pd.to_numeric(src, errors="coerce")
    extra = [c for c in schools.columns if c not in out.columns]
    out = pd.concat([out, schools[extra]], axis=1)
    if out["code"].duplicated().any():
        raise ValueError("schools: duplicate codes")
    return out.reset_index(drop=True)


def normalise_results(results: pd.DataFrame) -> pd.DataFrame:
    """Results with every canonical column; optional ones absent become NaN (step 3 needs sd)."""
    _missing(results, RESULT_REQUIRED, "results")
    out = pd.DataFrame(index=results.index)
    out["school_code"] = _codes(results["school_code"])
    out["year"] = pd.to_numeric(results["year"]).astype("int64")
    out["assessment"] = _text(results["assessment"], "upper")
    out["grade"] = pd.to_numeric(results["grade"]).astype("int64")
    out["subject"] = _text(results["subject"], "lower")
    for col in ["participants", "mean_score", *RESULT_OPTIONAL]:
        src = _column(results, col)
        out[col] = pd.to_numeric(src, errors="coerce").astype("float64")
    if out.duplicated(RESULT_KEY).any():
        raise ValueError("results: duplicate rows for one school, year and indicator")
    return out.reset_index(drop=True)


def normalise_context(context: pd.DataFrame, factors: tuple[str, ...]) -> pd.DataFrame:
    """Context with the school-year key and every factor as float (absent factor -> NaN)."""
    _missing(context, CONTEXT_KEY, "context")
    out = pd.DataFrame(index=context.index)
    out["school_code"] = _codes(context["school_code"])
    out["year"] = pd.to_numeric(context["year"]).astype("int64")
    names = list(dict.fromkeys([*factors, *context.columns]))
    for col in names:
        if col in CONTEXT_KEY:
            continue
        src = _column(context, col)
        out[col] = pd.to_numeric(src, errors="coerce").astype("float64")
    if out.duplicated(CONTEXT_KEY).any():
        raise ValueError("context: duplicate rows for one school and year")
    return out.reset_index(drop=True)


def index_results(results: pd.DataFrame, params) -> pd.DataFrame:
    """The rows the indices are computed from: assessments named by ``params.vpr_assessments``
    or ``params.exam_assessments`` (METHODOLOGY.md "Inputs": ВПР, ОГЭ, ЕГЭ by default).

    НИКО, regional diagnostic works (КДР) and mock exams are stored beside them, but a school's
    index, groups, flags and the gap stay what they are without those rows, and a school-year
    with nothing else gets no Output row, unless the parameters name the assessment. Expects
    ``normalise_results`` output (upper-case assessment codes).
    """
    wanted = {*params.vpr_assessments, *params.exam_assessments}
    return results.loc[results["assessment"].isin(wanted)].reset_index(drop=True)
