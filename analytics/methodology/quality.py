"""Section 1 of METHODOLOGY.md: the quality index (индекс качества подготовки) and its flags.

Every step is a groupby over (year, indicator) or (school, year); nothing loops over schools,
so the same code serves a region of 300 schools and a national set of 40,000.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .parameters import Parameters

INDICATOR = ["assessment", "grade", "subject"]
INDICATOR_KEY = ["year", *INDICATOR]
SCHOOL_YEAR = ["school_code", "year"]
INDICATOR_COLUMNS = [
    "school_code",
    "year",
    "assessment",
    "grade",
    "subject",
    "participants",
    "mean_score",
    "regional_mean",
    "index",
    "sd_used",
    "sd_source",
    "se",
    "fail_share",
    "raised_share",
]
INDEX_COLUMNS = [
    "school_code",
    "year",
    "quality_index",
    "quality_se",
    "quality_z",
    "quality_group",
    "n_indicators",
]


def safe_ratio(num: np.ndarray | pd.Series, den: np.ndarray | pd.Series) -> np.ndarray:
    """num / den where a zero denominator gives 0 for 0/0 and +-inf otherwise.

    A zero standard error means the estimate is exact: a zero difference is then no signal
    and any other difference is infinitely significant, which is what the rules expect.
    """
    num = np.asarray(num, dtype="float64")
    den = np.asarray(den, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / den
    out[(den == 0) & (num == 0)] = 0.0
    return out


def kept_rows(results: pd.DataFrame, params: Parameters) -> pd.DataFrame:
    """Step 1 filter: subjects in ``subjects`` with ``participants >= min_participants``."""
    mask = (
        results["subject"].isin(params.subjects)
        & (results["participants"] >= params.min_participants)
        & results["mean_score"].notna()
    )
    return results.loc[mask]


def indicator_indices(results: pd.DataFrame, params: Parameters) -> pd.DataFrame:
    """Steps 1-4: regional mean, indicator index, the SD used and the SE of each kept row.

    Returns one row per kept school, year and indicator with ``INDICATOR_COLUMNS``. The
    passport shows these per-indicator indices beside the school index.
    """
    kept = kept_rows(results, params)
    keys = [kept[c] for c in INDICATOR_KEY]
    n = kept["participants"]
    sd = kept["sd"]
    has_sd = sd.notna()
    # Step 3, pooled SD: sum((n-1) sd^2) / sum(n-1) over kept rows reporting an SD.
    w = (n - 1).where(has_sd, 0.0)
    parts = pd.DataFrame({"w": w, "ss": w * sd.fillna(0.0) ** 2, "score": kept["mean_score"], "n": n})
    grouped = parts.groupby(keys, sort=False)
    sums = grouped[["w", "ss"]].transform("sum")
    regional_mean = grouped["score"].transform("mean")
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = np.sqrt(sums["ss"] / sums["w"])
    # Step 3 fallback when nobody reports an SD: SD of school means (ddof 1) * sqrt(median n).
    fallback = grouped["score"].transform("std") * np.sqrt(grouped["n"].transform("median"))
    no_pooled = sums["w"] <= 0
    sd_used = sd.where(has_sd, pooled.where(~no_pooled, fallback))
    source = np.where(has_sd, "own", np.where(no_pooled, "fallback", "pooled"))

    out = kept[["school_code", *INDICATOR_KEY, "participants", "mean_score"]].copy()
    out["regional_mean"] = regional_mean
    out["index"] = kept["mean_score"] / regional_mean  # step 2
    out["sd_used"] = sd_used
    out["sd_source"] = pd.Series(source, index=out.index, dtype="str")
    out["se"] = sd_used / (np.sqrt(n) * regional_mean)  # step 4
    out["fail_share"] = kept["fail_share"]
    out["raised_share"] = kept["raised_share"]
    return out[INDICATOR_COLUMNS].reset_index(drop=True)


def quality_group(d: np.ndarray, z: np.ndarray, params: Parameters) -> pd.Series:
    """Step 6: group 1..11 from the distance ``d = Q - 1`` and its z.

    ``round(..., 9)`` keeps float noise (0.1 / 0.05 = 2.0000000000000004) from pushing a
    school exactly on a band boundary into the next band.
    """
    d = np.asarray(d, dtype="float64")
    z = np.asarray(z, dtype="float64")
    with np.errstate(invalid="ignore"):
        step = np.clip(np.ceil(np.round(np.abs(d) / params.band_width, 9)), 1, params.max_step)
        group = np.where(np.abs(z) <= params.critical_value, 6, np.where(d < 0, 6 - step, 6 + step))
    group = np.where(np.isnan(z) | np.isnan(d), np.nan, group)
    return pd.Series(group).astype("Int64")


def school_index(indicators: pd.DataFrame, params: Parameters) -> pd.DataFrame:
    """Steps 5-6: Q, SE(Q), z and group per school and year over its kept indicators.

    An indicator whose SE cannot be determined (a lone school without an SD, so neither the
    pooled nor the fallback SD exists) is left out: it carries no measurable information.
    Returns ``INDEX_COLUMNS``; school-years without a usable indicator are absent.
    """
    usable = indicators.loc[indicators["se"].notna()]
    parts = pd.DataFrame(
        {
            "school_code": usable["school_code"],
            "year": usable["year"],
            "index": usable["index"],
            "se2": usable["se"] ** 2,
        }
    )
    agg = parts.groupby(SCHOOL_YEAR, sort=True).agg(
        quality_index=("index", "mean"),
        se2=("se2", "sum"),
        n_indicators=("index", "size"),
    )
    agg = agg.reset_index()
    agg["quality_se"] = np.sqrt(agg["se2"]) / agg["n_indicators"]
    d = agg["quality_index"].to_numpy() - 1.0
    agg["quality_z"] = safe_ratio(d, agg["quality_se"])
    agg["quality_group"] = quality_group(d, agg["quality_z"], params).to_numpy()
    return agg[INDEX_COLUMNS]


def _shift_year(frame: pd.DataFrame, years: int, columns: list[str]) -> pd.DataFrame:
    """The frame's values relabelled as seen from ``years`` later, for t-k comparisons."""
    shifted = frame[[*SCHOOL_YEAR, *columns]].copy()
    shifted["year"] = shifted["year"] + years
    return shifted


def stably_low(base: pd.DataFrame, params: Parameters) -> pd.Series:
    """Step 8: low in year t and in each of the ``stable_years - 1`` previous calendar years.

    ``base`` holds ``school_code, year, low_results``; a missing year counts as not low.
    """
    result = base["low_results"].to_numpy(dtype=bool).copy()
    for k in range(1, params.stable_years):
        prev = _shift_year(base, k, ["low_results"]).rename(columns={"low_results": "prev_low"})
        merged = base[SCHOOL_YEAR].merge(prev, on=SCHOOL_YEAR, how="left")
        result &= merged["prev_low"].fillna(False).to_numpy(dtype=bool)
    return pd.Series(result, index=base.index)


def rosobrnadzor_risk(
    base: pd.DataFrame,
    indicators: pd.DataFrame,
    results: pd.DataFrame,
    params: Parameters,
) -> pd.Series:
    """Step 9: >= 2 kept indicators with ``fail_share >= 0.30`` in year t, at least one of
    which also had ``fail_share >= 0.30`` in year t-1 (same assessment, grade, subject).

    The year t-1 row must be kept too (clarified step 9): a failing share of fewer than
    ``min_participants`` pupils says nothing about a repeated failure, so ``before`` goes
    through the same step 1 filter as year t.
    """
    threshold = params.fail_threshold
    failing = indicators.loc[indicators["fail_share"] >= threshold, [*SCHOOL_YEAR, *INDICATOR]]
    kept = kept_rows(results, params)
    before = kept.loc[kept["fail_share"] >= threshold]
    prev = _shift_year(before, 1, INDICATOR).assign(repeated=True)
    failing = failing.merge(prev, on=[*SCHOOL_YEAR, *INDICATOR], how="left")
    failing["repeated"] = failing["repeated"].fillna(False).astype(bool)
    per_school = failing.groupby(SCHOOL_YEAR).agg(n_failing=("repeated", "size"), any_repeated=("repeated", "any"))
    risky = per_school.loc[(per_school["n_failing"] >= params.fail_min_indicators) & per_school["any_repeated"]].index
    key = pd.MultiIndex.from_frame(base[SCHOOL_YEAR])
    return pd.Series(key.isin(risky), index=base.index)


def dynamics(base: pd.DataFrame, params: Parameters) -> pd.DataFrame:
    """Step 10: change of Q from year t-1, its z and the trend (empty without Q_{t-1}).

    ``base`` holds ``school_code, year, quality_index, quality_se``; returns
    ``quality_change, change_z, trend`` aligned with it.
    """
    prev = _shift_year(base, 1, ["quality_index", "quality_se"]).rename(
        columns={"quality_index": "prev_q", "quality_se": "prev_se"}
    )
    merged = base[[*SCHOOL_YEAR, "quality_index", "quality_se"]].merge(prev, on=SCHOOL_YEAR, how="left")
    change = (merged["quality_index"] - merged["prev_q"]).to_numpy()
    change_z = safe_ratio(change, np.sqrt(merged["quality_se"] ** 2 + merged["prev_se"] ** 2))
    c = params.critical_value
    with np.errstate(invalid="ignore"):
        trend = np.where(change_z > c, "improving", np.where(change_z < -c, "declining", "stable"))
    trend = pd.Series(trend, dtype="str").where(~np.isnan(change_z))
    return pd.DataFrame(
        {"quality_change": change, "change_z": change_z, "trend": trend.to_numpy()},
        index=base.index,
    )
