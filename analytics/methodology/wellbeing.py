"""Section 2 of METHODOLOGY.md: the social wellbeing index (ИСБШ) from a yearly regression.

One regression per year (a handful of fits, not one per school). Staff see the fitted
model beside the results, so the report keeps coefficients, errors, VIFs and the condition
number rather than only the fitted values.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.outliers_influence import variance_inflation_factor

from .parameters import Parameters

SCHOOL_YEAR = ["school_code", "year"]
WELLBEING_COLUMNS = [
    "school_code",
    "year",
    "expected_quality",
    "isbs",
    "isbs_z",
    "isbs_group",
    "unfavourable",
]
REGRESSION_COLUMNS = [
    "year",
    "fitted",
    "n",
    "r2",
    "adj_r2",
    "condition_number",
    "weighted",
    "note",
]
COEFFICIENT_COLUMNS = ["year", "term", "coef", "std_err", "t_value", "p_value", "vif"]


@dataclass
class WellbeingResult:
    """Per-school values and the regression report of section 2."""

    schools: pd.DataFrame  # WELLBEING_COLUMNS, one row per school-year in a fitted sample
    regression: pd.DataFrame  # REGRESSION_COLUMNS, one row per year
    coefficients: pd.DataFrame  # COEFFICIENT_COLUMNS, one row per year and term


def isbs_group(isbs_z: np.ndarray, params: Parameters) -> pd.Series:
    """Step 4: 6 within +-0.25; otherwise 6 -+ min(5, ceil(round((|z| - 0.25) / 0.5, 9)))."""
    z = np.asarray(isbs_z, dtype="float64")
    excess = np.abs(z) - params.isbs_neutral_band
    with np.errstate(invalid="ignore"):
        step = np.minimum(params.max_step, np.ceil(np.round(excess / params.isbs_step, 9)))
        group = np.where(excess <= 0, 6, np.where(z < 0, 6 - step, 6 + step))
    group = np.where(np.isnan(z), np.nan, group)
    return pd.Series(group).astype("Int64")


def _vifs(exog: np.ndarray) -> list[float]:
    """VIF of each factor column (the constant in column 0 is not reported)."""
    out = []
    for i in range(1, exog.shape[1]):
        # A perfectly collinear factor gives an infinite VIF; that is the answer, not an error.
        with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out.append(float(variance_inflation_factor(exog, i)))
    return out


def _fit_year(year: int, sample: pd.DataFrame, params: Parameters) -> tuple[pd.DataFrame, dict, list[dict]]:
    """Steps 1-4 for one year's sample (schools with Q and every factor)."""
    factors = list(params.factors)
    y = sample["quality_index"].to_numpy(dtype="float64")
    exog = sm.add_constant(sample[factors].to_numpy(dtype="float64"), has_constant="add")
    model = sm.WLS(y, exog, weights=sample["participants"].to_numpy()) if params.weighted else sm.OLS(y, exog)
    with warnings.catch_warnings():
        # Tiny samples trigger statsmodels' small-n warnings; the report shows N anyway.
        warnings.simplefilter("ignore")
        fit = model.fit()
        expected = np.asarray(fit.fittedvalues, dtype="float64")
        params_, bse, tvalues, pvalues = (
            np.asarray(v, dtype="float64") for v in (fit.params, fit.bse, fit.tvalues, fit.pvalues)
        )
        r2, adj_r2 = float(fit.rsquared), float(fit.rsquared_adj)
        condition_number = float(fit.condition_number)

    mean_expected = expected.mean()
    sd_expected = expected.std(ddof=1)
    isbs_z = (
        (expected - mean_expected) / sd_expected
        if sd_expected > 0
        else np.zeros_like(expected)  # every school equally placed: nobody differs
    )
    groups = isbs_group(isbs_z, params)
    schools = pd.DataFrame(
        {
            "school_code": sample["school_code"].to_numpy(),
            "year": year,
            "expected_quality": expected,
            "isbs": expected / mean_expected,
            "isbs_z": isbs_z,
            "isbs_group": groups.to_numpy(),
            "unfavourable": (groups <= params.unfavourable_max_group).fillna(False).to_numpy(dtype=bool),
        }
    )
    report = {
        "year": year,
        "fitted": True,
        "n": len(sample),
        "r2": r2,
        "adj_r2": adj_r2,
        "condition_number": condition_number,
        "weighted": params.weighted,
        "note": "",
    }
    vifs = [np.nan, *_vifs(exog)]
    terms = ["const", *factors]
    coefs = [
        {
            "year": year,
            "term": term,
            "coef": params_[i],
            "std_err": bse[i],
            "t_value": tvalues[i],
            "p_value": pvalues[i],
            "vif": vifs[i],
        }
        for i, term in enumerate(terms)
    ]
    return schools, report, coefs


def wellbeing_index(quality: pd.DataFrame, context: pd.DataFrame, params: Parameters) -> WellbeingResult:
    """Section 2, steps 1-5, one OLS (or WLS) per year.

    ``quality`` holds ``school_code, year, quality_index`` (and ``participants`` for WLS);
    ``context`` holds ``school_code, year`` and the factors. A year with fewer than
    ``len(factors) + 2`` complete schools gets no regression and a note saying why.
    """
    factors = list(params.factors)
    columns = [*SCHOOL_YEAR, "quality_index"]
    if params.weighted:
        columns.append("participants")
    ctx = context.reindex(columns=[*SCHOOL_YEAR, *factors])
    data = quality[columns].merge(ctx, on=SCHOOL_YEAR, how="inner")
    data = data.dropna(subset=["quality_index", *factors])
    if params.weighted:
        data = data.loc[data["participants"] > 0]
    min_n = len(factors) + 2

    frames, reports, coefs = [], [], []
    for year in sorted(quality["year"].unique()):
        sample = data.loc[data["year"] == year]
        if len(sample) < min_n:
            reports.append(
                {
                    "year": int(year),
                    "fitted": False,
                    "n": len(sample),
                    "r2": np.nan,
                    "adj_r2": np.nan,
                    "condition_number": np.nan,
                    "weighted": params.weighted,
                    "note": f"fewer than {min_n} schools with the index and all factors",
                }
            )
            continue
        schools, report, rows = _fit_year(int(year), sample, params)
        frames.append(schools)
        reports.append(report)
        coefs.extend(rows)

    schools = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=WELLBEING_COLUMNS)
    schools = schools.astype(
        {
            "year": "int64",
            "expected_quality": "float64",
            "isbs": "float64",
            "isbs_z": "float64",
            "isbs_group": "Int64",
            "unfavourable": "bool",
        }
    )
    return WellbeingResult(
        schools=schools[WELLBEING_COLUMNS],
        regression=pd.DataFrame(reports, columns=REGRESSION_COLUMNS),
        coefficients=pd.DataFrame(coefs, columns=COEFFICIENT_COLUMNS),
    )
