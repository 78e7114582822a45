"""Section 3 of METHODOLOGY.md: objectivity signals F1, F2, F3 for ВПР.

These are prompts for review, never verdicts; the pages say so. All three are computed with
merges and groupbys over the per-indicator frame, so the cost grows linearly with the rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .parameters import Parameters
from .quality import INDICATOR_KEY, SCHOOL_YEAR, school_index

FLAG_COLUMNS = ["school_code", "year", "F1", "F2", "F3", "objectivity_flags"]


def partial_indices(indicators: pd.DataFrame, params: Parameters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Steps 1-5 restricted to ВПР indicators and to ОГЭ/ЕГЭ indicators.

    Regional means and SEs stay those of the full step 1, so the partial indices are on the
    same scale as the school index.
    """
    is_vpr = indicators["assessment"].isin(params.vpr_assessments)
    is_exam = indicators["assessment"].isin(params.exam_assessments)
    return (
        school_index(indicators.loc[is_vpr], params),
        school_index(indicators.loc[is_exam], params),
    )


def f2_raised_share(indicators: pd.DataFrame, params: Parameters) -> pd.DataFrame:
    """F2: on some kept ВПР indicator, raised_share > mean + 2 SD (ddof 1) of the kept schools
    reporting it. Returns ``school_code, year`` of flagged school-years (unique).
    """
    vpr = indicators.loc[
        indicators["assessment"].isin(params.vpr_assessments) & indicators["raised_share"].notna(),
        ["school_code", *INDICATOR_KEY, "raised_share"],
    ]
    grouped = vpr.groupby(INDICATOR_KEY, sort=False)["raised_share"]
    limit = grouped.transform("mean") + params.objectivity_sd_multiple * grouped.transform("std")
    flagged = vpr.loc[vpr["raised_share"] > limit, SCHOOL_YEAR]
    return flagged.drop_duplicates()


def objectivity_flags(
    indicators: pd.DataFrame,
    advanced_study: pd.DataFrame,
    params: Parameters,
) -> pd.DataFrame:
    """Section 3 "Objectivity signals": F1, F2, F3 per school-year with any kept indicator.

    ``advanced_study`` holds ``school_code, advanced_study``. A school whose attribute is
    unknown gets no F1: a signal claims something about the school, so it needs the fact.
    Returns ``FLAG_COLUMNS``; ``objectivity_flags`` joins the raised flags as ``F1;F3``.
    """
    vpr, exam = partial_indices(indicators, params)
    c = params.critical_value
    base = indicators[SCHOOL_YEAR].drop_duplicates().reset_index(drop=True)
    merged = base.merge(
        vpr[[*SCHOOL_YEAR, "quality_index", "quality_z"]].rename(
            columns={"quality_index": "vpr_q", "quality_z": "vpr_z"}
        ),
        on=SCHOOL_YEAR,
        how="left",
    ).merge(
        exam[[*SCHOOL_YEAR, "quality_index", "quality_group"]].rename(
            columns={"quality_index": "exam_q", "quality_group": "exam_group"}
        ),
        on=SCHOOL_YEAR,
        how="left",
    )
    attrs = advanced_study[["school_code", "advanced_study"]].rename(columns={"school_code": "code_"})
    merged = merged.merge(attrs, left_on="school_code", right_on="code_", how="left").drop(columns="code_")

    not_advanced = (merged["advanced_study"] == False).fillna(False)  # noqa: E712
    f1 = (
        (merged["vpr_z"] > c)
        & not_advanced.astype(bool)
        & (merged["exam_group"] <= params.objectivity_max_exam_group).fillna(False)
    )

    f2_rows = f2_raised_share(indicators, params).assign(f2=True)
    f2 = merged[SCHOOL_YEAR].merge(f2_rows, on=SCHOOL_YEAR, how="left")["f2"]

    prev = merged[[*SCHOOL_YEAR, "vpr_q", "exam_q"]].rename(columns={"vpr_q": "prev_vpr_q", "exam_q": "prev_exam_q"})
    prev["year"] = prev["year"] + 1
    with_prev = merged[[*SCHOOL_YEAR, "vpr_q", "exam_q"]].merge(prev, on=SCHOOL_YEAR, how="left")
    # NaN comparisons are False, so F3 needs all four values as the contract demands.
    f3 = (with_prev["vpr_q"] - with_prev["prev_vpr_q"] > params.objectivity_rise) & (
        with_prev["exam_q"] - with_prev["prev_exam_q"] <= 0
    )

    out = merged[SCHOOL_YEAR].copy()
    out["F1"] = f1.to_numpy(dtype=bool)
    out["F2"] = f2.fillna(False).to_numpy(dtype=bool)
    out["F3"] = f3.to_numpy(dtype=bool)
    labels = np.array(["F1;", "F2;", "F3;"])
    flags = out[["F1", "F2", "F3"]].to_numpy()
    joined = pd.Series(
        np.char.add(
            np.char.add(np.where(flags[:, 0], labels[0], ""), np.where(flags[:, 1], labels[1], "")),
            np.where(flags[:, 2], labels[2], ""),
        ),
        dtype="str",
    )
    out["objectivity_flags"] = joined.str.rstrip(";").to_numpy()
    return out[FLAG_COLUMNS]
