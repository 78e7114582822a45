"""Section 3 of METHODOLOGY.md: the gap between the best and the worst 10% of schools."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .parameters import Parameters
from .quality import INDICATOR, INDICATOR_KEY, kept_rows

GAP_COLUMNS = [
    "year",
    "assessment",
    "grade",
    "subject",
    "n_schools",
    "n_tail",
    "top_mean",
    "bottom_mean",
    "gap",
    "previous_gap",
    "gap_change_pct",
    "target_met",
]


def gap_table(results: pd.DataFrame, params: Parameters) -> pd.DataFrame:
    """Section 3 "Gap": per year and ОГЭ/ЕГЭ indicator in ``subjects``.

    Schools are the kept rows of step 1 (a school of three pupils is no more a "school" here
    than in the index). ``ceil(0.1 * N)`` schools from each end of the ``mean_score`` order;
    ``gap`` is the difference of their unweighted mean scores. ``gap_change_pct`` compares
    with the same indicator in year t-1; ``target_met`` is empty without it.
    """
    kept = kept_rows(results, params)
    rows = kept.loc[kept["assessment"].isin(params.exam_assessments), [*INDICATOR_KEY, "mean_score"]]
    rows = rows.sort_values([*INDICATOR_KEY, "mean_score"], kind="stable")
    grouped = rows.groupby(INDICATOR_KEY, sort=True)["mean_score"]
    n = grouped.transform("size")
    tail = np.ceil(np.round(params.gap_share * n, 9)).astype("int64")
    position = grouped.cumcount()
    rows = rows.assign(bottom=position < tail, top=position >= n - tail, n=n, tail=tail)
    table = _tails(rows)
    table["gap"] = table["top_mean"] - table["bottom_mean"]
    prev = table[[*INDICATOR_KEY, "gap"]].rename(columns={"gap": "previous_gap"})
    prev["year"] = prev["year"] + 1
    table = table.merge(prev, on=INDICATOR_KEY, how="left")
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = 100 * (table["gap"] - table["previous_gap"]) / table["previous_gap"]
    pct = pct.where(table["previous_gap"] != 0)
    table["gap_change_pct"] = pct
    table["target_met"] = (pct <= params.gap_target_pct).astype("boolean").where(pct.notna())
    return table[GAP_COLUMNS].sort_values(["year", *INDICATOR]).reset_index(drop=True)


def _tails(rows: pd.DataFrame) -> pd.DataFrame:
    """Mean score of the top and bottom tails per indicator, with group sizes."""
    top = rows["mean_score"].where(rows["top"])
    bottom = rows["mean_score"].where(rows["bottom"])
    parts = rows[INDICATOR_KEY].assign(top=top, bottom=bottom, n=rows["n"], tail=rows["tail"])
    agg = parts.groupby(INDICATOR_KEY, sort=True).agg(
        n_schools=("n", "first"),
        n_tail=("tail", "first"),
        top_mean=("top", "mean"),
        bottom_mean=("bottom", "mean"),
    )
    return agg.reset_index()
