"""The whole of METHODOLOGY.md in one call: inputs in, the Output table and reports out."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .beyond import cluster, resilient, value_added
from .gap import gap_table
from .inputs import (
    CONTEXT_KEY,
    RESULT_COLUMNS,
    RESULT_KEY,
    SCHOOL_COLUMNS,
    index_results,
    normalise_context,
    normalise_results,
    normalise_schools,
)
from .objectivity import objectivity_flags
from .parameters import Parameters
from .quality import (
    SCHOOL_YEAR,
    dynamics,
    indicator_indices,
    rosobrnadzor_risk,
    school_index,
    stably_low,
)
from .wellbeing import wellbeing_index

OUTPUT_COLUMNS = [
    "school_code",
    "year",
    "quality_index",
    "quality_se",
    "quality_z",
    "quality_group",
    "low_results",
    "stably_low",
    "rosobrnadzor_risk",
    "quality_change",
    "change_z",
    "trend",
    "isbs",
    "isbs_z",
    "isbs_group",
    "unfavourable",
    "expected_quality",
    "residual_z",
    "effectiveness",
    "resilient",
    "cluster",
    "objectivity_flags",
]
_BOOL_COLUMNS = ["low_results", "stably_low", "rosobrnadzor_risk", "unfavourable", "resilient"]
_STR_COLUMNS = ["school_code", "trend", "effectiveness", "cluster", "objectivity_flags"]


@dataclass
class ComputationResult:
    """What one run produces; ``params`` is stored with it so the run can be reproduced."""

    table: pd.DataFrame  # OUTPUT_COLUMNS, one row per school-year with any result row
    indicators: pd.DataFrame  # quality.INDICATOR_COLUMNS, one row per kept indicator
    regression: pd.DataFrame  # wellbeing.REGRESSION_COLUMNS, one row per year
    coefficients: pd.DataFrame  # wellbeing.COEFFICIENT_COLUMNS, per year and term
    gap: pd.DataFrame  # gap.GAP_COLUMNS, per year and ОГЭ/ЕГЭ indicator
    params: Parameters = field(default_factory=Parameters)


def _needed_years(years: Iterable[int], params: Parameters) -> set[int]:
    """Years whose data the requested ones depend on (t-1 for dynamics, risk, F3 and the gap;
    the ``stable_years - 1`` previous years for stably_low). An index of year t depends only
    on year t's rows, so dropping every other year changes nothing.
    """
    back = max(params.stable_years - 1, 1)
    return {y - k for y in years for k in range(back + 1)}


def compute(
    schools: pd.DataFrame,
    results: pd.DataFrame,
    context: pd.DataFrame,
    params: Parameters | None = None,
    years: Iterable[int] | None = None,
) -> ComputationResult:
    """Run METHODOLOGY.md sections 1-3 for every year in ``results`` (or only ``years``)."""
    params = params or Parameters()
    schools = normalise_schools(schools)
    # НИКО, КДР and mock exams are stored beside the results but enter the indices only when
    # the parameters name them.
    results = index_results(normalise_results(results), params)
    context = normalise_context(context, params.factors)
    wanted = None
    if years is not None:
        wanted = sorted({int(y) for y in years})
        needed = _needed_years(wanted, params)
        results = results.loc[results["year"].isin(needed)]
        context = context.loc[context["year"].isin(needed)]

    indicators = indicator_indices(results, params)
    quality = school_index(indicators, params)

    # Section 1: one row per school-year with any result row, kept or not.
    table = results[SCHOOL_YEAR].drop_duplicates().sort_values(SCHOOL_YEAR)
    table = table.merge(quality, on=SCHOOL_YEAR, how="left").reset_index(drop=True)
    # Step 7: groups 1..5 are ШНОР; without an index a school is "insufficient data", not low.
    table["low_results"] = (table["quality_group"] <= params.low_max_group).fillna(False).astype(bool)
    table["stably_low"] = stably_low(table, params)
    table["rosobrnadzor_risk"] = rosobrnadzor_risk(table, indicators, results, params)
    table = table.join(dynamics(table, params))

    # Section 2; the WLS option weighs a school by its participants over kept indicators.
    participants = indicators.groupby(SCHOOL_YEAR, as_index=False)["participants"].sum()
    wellbeing = wellbeing_index(quality.merge(participants, on=SCHOOL_YEAR, how="left"), context, params)
    table = table.merge(wellbeing.schools, on=SCHOOL_YEAR, how="left")
    table["unfavourable"] = table["unfavourable"].fillna(False).astype(bool)

    # Section 3.
    attrs = schools[["code", "locality", "is_small", "advanced_study"]].rename(columns={"code": "school_code"})
    table = table.merge(attrs, on="school_code", how="left")
    table = table.join(value_added(table["quality_index"], table["quality_se"], table["expected_quality"], params))
    table["resilient"] = resilient(table["unfavourable"], table["quality_group"], params)
    table["cluster"] = cluster(table["locality"], table["is_small"], table["isbs_group"], params)
    flags = objectivity_flags(indicators, attrs[["school_code", "advanced_study"]], params)
    table = table.merge(flags[[*SCHOOL_YEAR, "objectivity_flags"]], on=SCHOOL_YEAR, how="left")
    table["objectivity_flags"] = table["objectivity_flags"].fillna("")
    gap = gap_table(results, params)

    regression, coefficients = wellbeing.regression, wellbeing.coefficients
    if wanted is not None:
        table = table.loc[table["year"].isin(wanted)]
        indicators = indicators.loc[indicators["year"].isin(wanted)]
        regression = regression.loc[regression["year"].isin(wanted)]
        coefficients = coefficients.loc[coefficients["year"].isin(wanted)]
        gap = gap.loc[gap["year"].isin(wanted)]
    return ComputationResult(
        table=_typed(table[OUTPUT_COLUMNS].reset_index(drop=True)),
        indicators=indicators.reset_index(drop=True),
        regression=regression.reset_index(drop=True),
        coefficients=coefficients.reset_index(drop=True),
        gap=gap.reset_index(drop=True),
        params=params,
    )


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    """One dtype per Output column, whichever merges produced it."""
    table = table.copy()
    for col in _BOOL_COLUMNS:
        table[col] = table[col].astype(bool)
    for col in ("quality_group", "isbs_group"):
        table[col] = table[col].astype("Int64")
    for col in _STR_COLUMNS:
        table[col] = table[col].astype("str")
    table["year"] = table["year"].astype("int64")
    return table


def format_output(table: pd.DataFrame) -> pd.DataFrame:
    """The Output table as CSV cells: true/false, empty for missing, 10 significant digits."""
    out = pd.DataFrame(index=table.index)
    for col in table.columns:
        values = table[col]
        missing = values.isna().to_numpy()
        if pd.api.types.is_bool_dtype(values):
            text = np.where(values.fillna(False).to_numpy(bool), "true", "false")
        elif pd.api.types.is_integer_dtype(values):
            text = values.astype("string").to_numpy(dtype=object)
        elif pd.api.types.is_float_dtype(values):
            text = np.array([f"{v:.10g}" for v in values.to_numpy()], dtype=object)
        else:
            text = np.array(
                [";".join(v) if isinstance(v, (list, tuple)) else v for v in values],
                dtype=object,
            )
        text = np.where(missing, "", text)
        out[col] = pd.Series(text, index=table.index, dtype="str")
    return out


def _canonical_csv(frame: pd.DataFrame, key: list[str], first: list[str]) -> str:
    """Rows sorted by key, canonical columns first then the rest alphabetically."""
    rest = sorted(c for c in frame.columns if c not in first)
    frame = frame[[c for c in first if c in frame.columns] + rest]
    frame = frame.sort_values(key, kind="stable")
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.12g", na_rep="")


def fingerprint(schools: pd.DataFrame, results: pd.DataFrame, context: pd.DataFrame) -> str:
    """sha256 of the canonical, sorted CSV of the three inputs.

    Same data gives the same hash whatever the row or column order or the source (CSV,
    XLSX, database), so a run can tell whether its inputs changed since the previous one.
    """
    s = normalise_schools(schools)
    r = normalise_results(results)
    c = normalise_context(context, ())
    digest = hashlib.sha256()
    for name, text in (
        ("schools", _canonical_csv(s, ["code"], SCHOOL_COLUMNS)),
        ("results", _canonical_csv(r, RESULT_KEY, RESULT_COLUMNS)),
        ("context", _canonical_csv(c, CONTEXT_KEY, CONTEXT_KEY)),
    ):
        digest.update(f"--{name}--\n".encode())
        digest.update(text.encode())
    return digest.hexdigest()
