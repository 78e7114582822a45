"""Tests of analytics.methodology against METHODOLOGY.md (no Django needed).

Run: python -m pytest tests/analytics/test_methodology.py -p no:django --import-mode=importlib
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.methodology import (
    OUTPUT_COLUMNS,
    Parameters,
    cluster,
    compute,
    contextual_peers,
    fingerprint,
    format_output,
    gap_table,
    generate_region,
    indicator_indices,
    isbs_group,
    normalise_results,
    parse_bool,
    partner_suggestions,
    programme_targets,
    quality_group,
    resilient,
    school_index,
    value_added,
    wellbeing_index,
)

# The worked example of METHODOLOGY.md, copied here so it runs in every clone.
EXAMPLE = Path(__file__).resolve().parent / "worked_example"
C = Parameters().critical_value
FACTORS = list(Parameters().factors)


# --- helpers -------------------------------------------------------------------------


def row(code, year, assessment="VPR", grade=4, subject="math", participants=25,
        mean_score=10.0, sd=2.0, fail_share=0.0, raised_share=np.nan):  # fmt: skip
    return {
        "school_code": code,
        "year": year,
        "assessment": assessment,
        "grade": grade,
        "subject": subject,
        "participants": participants,
        "mean_score": mean_score,
        "sd": sd,
        "fail_share": fail_share,
        "raised_share": raised_share,
    }


INDICATORS4 = [("VPR", 4, "math", 10.0), ("VPR", 4, "russian", 25.0),
               ("OGE", 9, "math", 15.0), ("OGE", 9, "russian", 24.0)]  # fmt: skip


def region(n=12, years=(2023, 2024), tweak=None):
    """n identical schools A00.. with 4 indicators; ``tweak(row_dict)`` edits rows in place.

    Raised shares get a small deterministic spread so F2's SD is not zero.
    """
    rows = []
    for i in range(n):
        for year in years:
            for assessment, grade, subject, score in INDICATORS4:
                r = row(f"A{i:02d}", year, assessment, grade, subject, mean_score=score)
                r["sd"] = score / 5
                if assessment == "VPR":
                    r["raised_share"] = 0.10 + 0.01 * ((i % 5) - 2)
                if tweak:
                    tweak(r)
                if not r.get("drop"):
                    rows.append(r)
    return pd.DataFrame(rows).drop(columns="drop", errors="ignore")


def schools_for(codes, **attrs):
    frame = pd.DataFrame({"code": list(codes)})
    frame["name"] = "МБОУ школа"
    frame["municipality"] = attrs.get("municipality", "М1")
    frame["locality"] = attrs.get("locality", "urban")
    frame["is_small"] = attrs.get("is_small", False)
    frame["advanced_study"] = attrs.get("advanced_study", False)
    frame["students"] = 500
    return frame


def empty_context():
    return pd.DataFrame(columns=["school_code", "year", *FACTORS])


def run(results, schools=None, context=None, params=None, **kw):
    codes = sorted(pd.unique(results["school_code"]))
    schools = schools_for(codes) if schools is None else schools
    context = empty_context() if context is None else context
    return compute(schools, results, context, params=params, **kw)


def cell(table, code, year, column):
    values = table.loc[(table["school_code"] == code) & (table["year"] == year), column]
    assert len(values) == 1
    return values.iloc[0]


# --- worked example --------------------------------------------------------------------


def _same(got: str, expected: str) -> bool:
    if got == expected:
        return True
    try:
        return math.isclose(float(got), float(expected), rel_tol=1e-6, abs_tol=1e-6)
    except ValueError:
        return False


def test_worked_example_reproduces_expected_csv_exactly():
    schools = pd.read_csv(EXAMPLE / "schools.csv", dtype=str, keep_default_na=False)
    results = pd.read_csv(EXAMPLE / "results.csv")
    context = pd.read_csv(EXAMPLE / "context.csv")
    expected = pd.read_csv(EXAMPLE / "expected.csv", dtype=str, keep_default_na=False)

    got = format_output(compute(schools, results, context).table)

    assert list(got.columns) == list(expected.columns) == OUTPUT_COLUMNS
    assert len(got) == len(expected)
    mismatches = [
        (expected.at[i, "school_code"], expected.at[i, "year"], col, got.at[i, col], value)
        for col in expected.columns
        for i, value in enumerate(expected[col])
        if not _same(got.at[i, col], value)
    ]
    assert mismatches == []


# --- parameters and inputs -------------------------------------------------------------


def test_parameters_round_trip_through_dict():
    params = Parameters(min_participants=7, subjects=("math",), weighted=True)
    stored = params.to_dict()
    assert stored["subjects"] == ["math"]
    assert Parameters.from_dict(stored) == params


def test_parameters_from_dict_rejects_unknown_keys():
    with pytest.raises(ValueError, match="alhpa"):
        Parameters.from_dict({"alhpa": 0.1})


def test_critical_value_is_derived_from_alpha():
    assert Parameters().critical_value == pytest.approx(1.959964, abs=1e-6)
    assert Parameters(alpha=0.10).critical_value == pytest.approx(1.644854, abs=1e-6)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("да", True), ("Нет", False), ("true", True), ("FALSE", False), ("1", True),
     (0, False), (True, True), ("", None), (None, None), (np.nan, None)],
)  # fmt: skip
def test_parse_bool_accepts_russian_english_and_digits(value, expected):
    assert parse_bool(value) is expected


def test_parse_bool_rejects_other_words():
    with pytest.raises(ValueError):
        parse_bool("может быть")


def test_optional_result_columns_may_be_absent():
    results = region().drop(columns=["sd", "fail_share", "raised_share"])
    table = run(results).table
    assert table["quality_index"].notna().all()
    assert not table["rosobrnadzor_risk"].any()


# --- section 1: quality index ----------------------------------------------------------


def test_step1_keeps_only_subjects_with_enough_participants():
    results = pd.DataFrame(
        [row("A", 2024, mean_score=10), row("B", 2024, mean_score=20),
         row("C", 2024, mean_score=90, participants=4),
         row("A", 2024, subject="history", mean_score=50)]
    )  # fmt: skip
    ind = indicator_indices(normalise_results(results), Parameters())
    assert sorted(ind["school_code"]) == ["A", "B"]
    assert ind["regional_mean"].tolist() == [15.0, 15.0]
    assert ind.set_index("school_code")["index"].to_dict() == pytest.approx({"A": 10 / 15, "B": 20 / 15})


def test_step3_own_sd_gives_se_over_sqrt_n_and_regional_mean():
    results = pd.DataFrame([row("A", 2024, participants=16, mean_score=10, sd=4), row("B", 2024, mean_score=30)])
    ind = indicator_indices(normalise_results(results), Parameters()).set_index("school_code")
    assert ind.at["A", "sd_source"] == "own"
    assert ind.at["A", "se"] == pytest.approx(4 / (4 * 20))


def test_step3_pooled_sd_fills_a_missing_sd():
    results = pd.DataFrame(
        [row("A", 2024, participants=10, sd=2.0), row("B", 2024, participants=20, sd=4.0),
         row("C", 2024, participants=9, sd=np.nan)]
    )  # fmt: skip
    ind = indicator_indices(normalise_results(results), Parameters()).set_index("school_code")
    pooled = math.sqrt((9 * 4 + 19 * 16) / (9 + 19))
    assert ind.at["C", "sd_source"] == "pooled"
    assert ind.at["C", "sd_used"] == pytest.approx(pooled)
    assert ind.at["C", "se"] == pytest.approx(pooled / (3 * 10.0))


def test_step3_fallback_sd_uses_sd_of_school_means_times_sqrt_median_n():
    results = pd.DataFrame(
        [row("A", 2024, participants=9, mean_score=10, sd=np.nan),
         row("B", 2024, participants=16, mean_score=12, sd=np.nan),
         row("C", 2024, participants=25, mean_score=14, sd=np.nan),
         # Another indicator's SD must not leak into this one.
         row("A", 2024, subject="russian", sd=3.0)]
    )  # fmt: skip
    ind = indicator_indices(normalise_results(results), Parameters())
    math_rows = ind.loc[ind["subject"] == "math"].set_index("school_code")
    assert (math_rows["sd_source"] == "fallback").all()
    assert math_rows["sd_used"].tolist() == pytest.approx([8.0, 8.0, 8.0])  # 2 * sqrt(16)


def test_step5_school_index_is_mean_of_indices_with_combined_se():
    ind = pd.DataFrame(
        {"school_code": ["A", "A"], "year": [2024, 2024], "index": [0.9, 1.0],
         "se": [0.03, 0.04]}
    )  # fmt: skip
    q = school_index(ind, Parameters()).iloc[0]
    assert q["quality_index"] == pytest.approx(0.95)
    assert q["quality_se"] == pytest.approx(0.05 / 2)
    assert q["quality_z"] == pytest.approx(-0.05 / 0.025)
    assert q["n_indicators"] == 2


@pytest.mark.parametrize(
    ("q", "group"),
    [(0.95, 5), (0.9, 4), (0.85, 3), (0.8, 2), (0.75, 1), (0.5, 1), (0.9499999, 4),
     (0.9999, 5), (1.05, 7), (1.1, 8), (1.15, 9), (1.2, 10), (1.2000001, 11), (1.7, 11)],
)  # fmt: skip
def test_step6_band_boundaries_round_before_ceil(q, group):
    # Q - 1 carries float noise (1.1 - 1 = 0.10000000000000009); round(..., 9) absorbs it.
    d = np.array([q - 1.0])
    assert quality_group(d, np.array([100.0 * np.sign(d[0])]), Parameters())[0] == group


@pytest.mark.parametrize("z", [0.0, 1.5, -1.959963984540054, 1.959963984540054])
def test_step6_not_distinguishable_from_average_is_group_6(z):
    assert quality_group(np.array([-0.3]), np.array([z]), Parameters())[0] == 6


def test_step7_school_without_kept_indicator_is_insufficient_data_not_low():
    results = region(n=6)
    results = pd.concat([results, pd.DataFrame([row("TINY", 2024, participants=3, mean_score=1.0)])])
    table = run(results).table
    assert pd.isna(cell(table, "TINY", 2024, "quality_index"))
    assert pd.isna(cell(table, "TINY", 2024, "quality_group"))
    assert not cell(table, "TINY", 2024, "low_results")
    out = format_output(table).set_index(["school_code", "year"]).loc[("TINY", "2024")]
    assert out["quality_index"] == "" and out["quality_group"] == ""
    assert out["low_results"] == "false"


def _scale_school(code, years, factor, assessments=("VPR", "OGE")):
    def tweak(r):
        if r["school_code"] == code and r["year"] in years and r["assessment"] in assessments:
            r["mean_score"] *= factor

    return tweak


def test_step7_low_results_is_group_1_to_5():
    table = run(region(tweak=_scale_school("A00", (2024,), 0.7))).table
    assert cell(table, "A00", 2024, "quality_group") == 1
    assert cell(table, "A00", 2024, "low_results")
    assert not cell(table, "A00", 2023, "low_results")


def test_step8_stably_low_needs_low_in_the_previous_year_too():
    tweak_both = _scale_school("A00", (2023, 2024), 0.8)
    tweak_last = _scale_school("A01", (2024,), 0.8)
    table = run(region(tweak=lambda r: (tweak_both(r), tweak_last(r)))).table
    assert cell(table, "A00", 2024, "stably_low")
    assert not cell(table, "A00", 2023, "stably_low")  # no 2022: not stably low
    assert cell(table, "A01", 2024, "low_results")
    assert not cell(table, "A01", 2024, "stably_low")


def test_step8_stable_years_parameter_counts_calendar_years():
    tweak = _scale_school("A00", (2022, 2023, 2024), 0.8)
    results = region(years=(2022, 2023, 2024), tweak=tweak)
    table = run(results, params=Parameters(stable_years=3)).table
    assert cell(table, "A00", 2024, "stably_low")
    assert not cell(table, "A00", 2023, "stably_low")
    gap = results.loc[results["year"] != 2023]
    table = run(gap, params=Parameters(stable_years=2)).table
    assert not cell(table, "A00", 2024, "stably_low")  # 2023 missing is not low


def _fail(code, shares):
    """Tweak setting fail_share of ``code`` per (year, assessment, subject)."""

    def tweak(r):
        if r["school_code"] == code:
            r["fail_share"] = shares.get((r["year"], r["assessment"], r["subject"]), 0.0)

    return tweak


def test_step9_rosobrnadzor_risk_needs_two_failing_now_and_one_repeated():
    risky = _fail("A00", {(2023, "VPR", "math"): 0.35, (2024, "VPR", "math"): 0.31,
                          (2024, "OGE", "math"): 0.30})  # fmt: skip
    new = _fail("A01", {(2024, "VPR", "math"): 0.5, (2024, "OGE", "math"): 0.5,
                        (2023, "VPR", "russian"): 0.5})  # fmt: skip
    single = _fail("A02", {(2023, "VPR", "math"): 0.5, (2024, "VPR", "math"): 0.5,
                           (2024, "OGE", "math"): 0.29})  # fmt: skip
    table = run(region(tweak=lambda r: (risky(r), new(r), single(r)))).table
    assert cell(table, "A00", 2024, "rosobrnadzor_risk")
    assert not cell(table, "A00", 2023, "rosobrnadzor_risk")  # no 2022 to repeat from
    assert not cell(table, "A01", 2024, "rosobrnadzor_risk")  # failing, but not the same ones
    assert not cell(table, "A02", 2024, "rosobrnadzor_risk")  # only one at >= 0.30


def test_step9_failing_rows_below_min_participants_do_not_count_in_year_t():
    def tweak(r):
        if r["school_code"] == "A00" and r["year"] == 2024 and r["subject"] == "math":
            r["fail_share"] = 0.5
            r["participants"] = 4 if r["assessment"] == "OGE" else 25
        if r["school_code"] == "A00" and r["year"] == 2023:
            r["fail_share"] = 0.5

    table = run(region(tweak=tweak)).table
    assert not cell(table, "A00", 2024, "rosobrnadzor_risk")


def _repeated_failure(previous_participants):
    """A00 fails ВПР and ОГЭ math in 2024; its 2023 ВПР math failed with the given participants."""

    def tweak(r):
        if r["school_code"] != "A00" or r["subject"] != "math":
            return
        r["fail_share"] = 0.5 if r["year"] == 2024 or r["assessment"] == "VPR" else 0.0
        if r["year"] == 2023 and r["assessment"] == "VPR":
            r["participants"] = previous_participants

    return tweak


def test_step9_year_t_minus_1_row_must_be_kept_too():
    """Clarified step 9: a failing share of fewer than min_participants pupils a year earlier
    is no repeated failure; the same share from a kept row is."""
    few = Parameters().min_participants - 1
    table = run(region(tweak=_repeated_failure(few))).table
    assert not cell(table, "A00", 2024, "rosobrnadzor_risk")
    table = run(region(tweak=_repeated_failure(Parameters().min_participants))).table
    assert cell(table, "A00", 2024, "rosobrnadzor_risk")


def test_step10_trend_is_empty_without_previous_year_index():
    results = region(years=(2022, 2024))
    table = run(results).table
    assert table["trend"].isna().all()
    assert table["quality_change"].isna().all()


def test_step10_trend_labels_follow_change_z():
    up = _scale_school("A00", (2024,), 1.2)
    down = _scale_school("A01", (2024,), 0.8)
    table = run(region(tweak=lambda r: (up(r), down(r)))).table
    assert cell(table, "A00", 2024, "trend") == "improving"
    assert cell(table, "A01", 2024, "trend") == "declining"
    assert cell(table, "A05", 2024, "trend") == "stable"
    change = cell(table, "A00", 2024, "quality_change")
    se = np.hypot(cell(table, "A00", 2024, "quality_se"), cell(table, "A00", 2023, "quality_se"))
    assert cell(table, "A00", 2024, "change_z") == pytest.approx(change / se)
    assert pd.isna(cell(table, "A00", 2023, "trend"))


# --- section 2: social wellbeing -------------------------------------------------------


def _wellbeing_frames(n=40, seed=3, noise=0.0):
    rng = np.random.default_rng(seed)
    ctx = pd.DataFrame(
        {"school_code": [f"W{i}" for i in range(n)], "year": 2024,
         "higher_education_share": rng.uniform(0, 0.6, n),
         "single_parent_share": rng.uniform(0.1, 0.5, n), "kdn_share": rng.uniform(0, 0.1, n)}
    )  # fmt: skip
    q = (1 + 0.5 * ctx["higher_education_share"] - 0.3 * ctx["single_parent_share"]
         - 1.0 * ctx["kdn_share"] + rng.normal(0, noise, n))  # fmt: skip
    quality = pd.DataFrame(
        {"school_code": ctx["school_code"], "year": 2024, "quality_index": q,
         "participants": rng.integers(10, 100, n)}
    )  # fmt: skip
    return quality, ctx


def test_regression_recovers_coefficients_and_reports_diagnostics():
    quality, ctx = _wellbeing_frames(noise=0.001)
    result = wellbeing_index(quality, ctx, Parameters())
    coefs = result.coefficients.set_index("term")
    assert coefs.loc["higher_education_share", "coef"] == pytest.approx(0.5, abs=0.01)
    assert coefs.loc["kdn_share", "coef"] == pytest.approx(-1.0, abs=0.05)
    assert coefs.loc[FACTORS, "vif"].between(1, 2).all()
    assert coefs["p_value"].notna().all() and coefs["std_err"].gt(0).all()
    report = result.regression.iloc[0]
    assert report["fitted"] and report["n"] == 40 and report["r2"] > 0.99
    assert report["condition_number"] > 1


def test_isbs_is_expected_over_mean_expected_with_z_on_ddof1():
    quality, ctx = _wellbeing_frames(noise=0.01)
    schools = wellbeing_index(quality, ctx, Parameters()).schools
    expected = schools["expected_quality"]
    assert schools["isbs"].tolist() == pytest.approx((expected / expected.mean()).tolist())
    z = (expected - expected.mean()) / expected.std(ddof=1)
    assert schools["isbs_z"].tolist() == pytest.approx(z.tolist())
    assert (schools["unfavourable"] == (schools["isbs_group"] <= 4)).all()


def test_weighted_option_fits_wls_by_participants():
    quality, ctx = _wellbeing_frames(noise=0.05)
    ols = wellbeing_index(quality, ctx, Parameters()).coefficients["coef"].to_numpy()
    wls = wellbeing_index(quality, ctx, Parameters(weighted=True)).coefficients["coef"]
    x = np.column_stack([np.ones(len(ctx)), ctx[FACTORS].to_numpy()])
    w = np.sqrt(quality["participants"].to_numpy(dtype=float))
    manual = np.linalg.lstsq(x * w[:, None], quality["quality_index"] * w, rcond=None)[0]
    assert wls.to_numpy() == pytest.approx(manual)
    assert not np.allclose(wls.to_numpy(), ols)


def test_too_few_schools_gives_no_regression_and_empty_values():
    quality, ctx = _wellbeing_frames(n=4)  # 3 factors need at least 5 schools
    result = wellbeing_index(quality, ctx, Parameters())
    assert result.schools.empty
    assert not result.regression.iloc[0]["fitted"]
    assert result.coefficients.empty

    table = run(region(n=4), context=ctx.assign(school_code=[f"A0{i}" for i in range(4)])).table
    assert table["isbs"].isna().all() and table["cluster"].isna().all()
    assert not table["unfavourable"].any() and table["effectiveness"].isna().all()


@pytest.mark.parametrize(
    ("z", "group"),
    [(0.0, 6), (0.25, 6), (-0.25, 6), (0.2500001, 7), (0.75, 7), (0.7500001, 8),
     (1.25, 8), (-0.75, 5), (-1.25, 4), (-2.75, 1), (-10, 1), (2.75, 11), (10, 11)],
)  # fmt: skip
def test_isbs_group_bands(z, group):
    assert isbs_group(np.array([z]), Parameters())[0] == group


# --- section 3 -------------------------------------------------------------------------


def test_value_added_classifies_residual_z_by_critical_value():
    q = pd.Series([1.10, 0.90, 1.00, 1.0])
    se = pd.Series([0.01, 0.01, 0.01, 0.01])
    expected = pd.Series([1.0, 1.0, 1.0, np.nan])
    out = value_added(q, se, expected, Parameters())
    assert out["residual_z"].tolist()[:3] == pytest.approx([10, -10, 0])
    assert out["effectiveness"].tolist()[:3] == ["above", "below", "as_expected"]
    assert pd.isna(out["effectiveness"].iloc[3])


def test_resilient_needs_unfavourable_and_quality_group_7():
    unfavourable = pd.Series([True, True, False, True])
    group = pd.Series([7, 6, 11, pd.NA], dtype="Int64")
    assert resilient(unfavourable, group, Parameters()).tolist() == [True, False, False, False]


def test_cluster_combines_locality_size_and_wellbeing_level():
    out = cluster(
        pd.Series(["urban", "rural", "rural", "urban"]),
        pd.Series([False, True, False, pd.NA], dtype="boolean"),
        pd.Series([4, 5, 8, 6], dtype="Int64"),
        Parameters(),
    )
    assert out.tolist()[:3] == ["urban-regular-low", "rural-small-mid", "rural-regular-high"]
    assert pd.isna(out.iloc[3])


def _table(rows):
    frame = pd.DataFrame(rows)
    frame["quality_group"] = frame["quality_group"].astype("Int64")
    return frame


def test_contextual_peers_are_same_cluster_and_year_ranked_by_index():
    table = _table(
        [{"school_code": c, "year": y, "cluster": cl, "quality_index": q, "quality_group": 6,
          "isbs": 1.0} for c, y, cl, q in [("A", 2024, "x", 1.0), ("B", 2024, "x", 1.2),
                                            ("C", 2024, "y", 1.5), ("D", 2023, "x", 1.9),
                                            ("E", 2024, "x", 0.8)]]
    )  # fmt: skip
    peers = contextual_peers(table, "A", 2024)
    assert peers["school_code"].tolist() == ["B", "A", "E"]
    assert peers["rank"].tolist() == [1, 2, 3]
    assert peers["is_self"].tolist() == [False, True, False]
    assert contextual_peers(table, "A", 2024, limit=1)["school_code"].tolist() == ["B", "A"]


def _objectivity_table(tweak, schools=None):
    table = run(region(tweak=tweak), schools=schools).table
    return table.set_index(["school_code", "year"])["objectivity_flags"]


# ВПР inflated in both years: F1 without F3 (no rise between the years).
HIGH_VPR = _scale_school("A00", (2023, 2024), 1.3, assessments=("VPR",))


def test_f1_flags_high_vpr_index_with_ordinary_exams():
    flags = _objectivity_table(HIGH_VPR)
    assert flags[("A00", 2024)] == "F1"
    assert flags[("A00", 2023)] == "F1"
    assert flags[("A03", 2024)] == ""


def test_f1_skips_advanced_study_schools_and_schools_without_exam_index():
    tweak = HIGH_VPR
    codes = [f"A{i:02d}" for i in range(12)]
    schools = schools_for(codes)
    schools.loc[0, "advanced_study"] = True
    assert _objectivity_table(tweak, schools)[("A00", 2024)] == ""

    def no_exam(r):
        tweak(r)
        if r["school_code"] == "A00" and r["assessment"] == "OGE":
            r["drop"] = True

    assert _objectivity_table(no_exam)[("A00", 2024)] == ""


def test_f2_flags_raised_share_more_than_two_sd_above_kept_mean():
    def tweak(r):
        if r["assessment"] == "VPR" and r["subject"] == "math" and r["year"] == 2024:
            if r["school_code"] == "A00":
                r["raised_share"] = 0.5
            if r["school_code"] == "A01":  # not kept: neither flagged nor in the mean
                r["participants"], r["raised_share"] = 4, 0.9

    flags = _objectivity_table(tweak)
    assert flags[("A00", 2024)] == "F2"
    assert flags[("A00", 2023)] == ""
    assert ("A01", 2024) in flags.index and flags[("A01", 2024)] == ""


def test_f3_flags_vpr_rise_without_exam_rise_and_needs_all_four_values():
    rise = _scale_school("A00", (2024,), 1.3, assessments=("VPR",))
    both = _scale_school("A01", (2024,), 1.3)

    def new_school(r):
        if r["school_code"] == "A02" and r["year"] == 2023:
            r["drop"] = True
        _scale_school("A02", (2024,), 1.3, assessments=("VPR",))(r)

    flags = _objectivity_table(lambda r: (rise(r), both(r), new_school(r)))
    assert flags[("A00", 2024)] == "F1;F3"
    assert "F3" not in flags[("A01", 2024)]  # exams rose as well
    assert flags[("A02", 2024)] == "F1"  # no 2023 values: no F3


def test_gap_takes_ceil_tenth_from_each_end_and_tracks_target():
    rows = [row(f"G{i:02d}", 2023, "OGE", 9, "math", mean_score=float(i)) for i in range(30)]
    rows += [row(f"G{i:02d}", 2024, "OGE", 9, "math", mean_score=float(i) * 0.99)
             for i in range(30)]  # fmt: skip
    rows += [row("TINY", 2024, "OGE", 9, "math", participants=2, mean_score=500.0)]
    gap = gap_table(normalise_results(pd.DataFrame(rows)), Parameters()).set_index("year")
    # 0.1 * 30 = 3.0000000000000004: ceil would give 4 without the rounding rule.
    assert gap.loc[2023, "n_tail"] == 3 and gap.loc[2023, "n_schools"] == 30
    assert gap.loc[2023, "gap"] == pytest.approx(28 - 1)
    assert gap.loc[2024, "gap_change_pct"] == pytest.approx(-1.0)
    assert gap.loc[2024, "target_met"]
    assert pd.isna(gap.loc[2023, "target_met"])


def test_gap_target_not_met_when_reduction_is_below_threshold():
    rows = [row(f"G{i}", y, "EGE", 11, "russian", mean_score=float(i) * f)
            for i in range(11) for y, f in ((2023, 1.0), (2024, 0.998))]  # fmt: skip
    gap = gap_table(normalise_results(pd.DataFrame(rows)), Parameters()).set_index("year")
    assert gap.loc[2023, "n_tail"] == 2
    assert gap.loc[2024, "gap_change_pct"] == pytest.approx(-0.2)
    assert not gap.loc[2024, "target_met"]


def test_partner_suggestions_order_municipality_cluster_then_distance():
    table = _table(
        [{"school_code": c, "year": 2024, "quality_index": q, "quality_group": g,
          "low_results": g <= 5, "cluster": cl}
         for c, q, g, cl in [("L1", 0.80, 1, "k1"), ("S1", 1.30, 11, "k2"),
                             ("S2", 1.20, 10, "k1"), ("S3", 1.10, 8, "k2"),
                             ("S4", 1.15, 9, "k2"), ("S5", 1.40, 11, "k1"),
                             ("M1", 1.00, 6, "k1")]]
    )  # fmt: skip
    schools = pd.DataFrame(
        {"code": ["L1", "S1", "S2", "S3", "S4", "S5", "M1"],
         "municipality": ["m", "m", "x", "y", "z", "w", "m"]}
    )  # fmt: skip
    out = partner_suggestions(table, schools, None, limit=4)
    assert out["strong_school_code"].tolist() == ["S1", "S2", "S5", "S3"]
    assert out["rank"].tolist() == [1, 2, 3, 4]
    assert out["same_municipality"].tolist() == [True, False, False, False]


def test_partner_suggestions_in_the_same_municipality_prefer_the_same_cluster():
    """Municipality, then cluster, then distance: the cluster decides inside the municipality too."""
    table = _table(
        [{"school_code": c, "year": 2024, "quality_index": q, "quality_group": g,
          "low_results": g <= 5, "cluster": cl}
         for c, q, g, cl in [("L1", 0.80, 1, "k1"), ("S1", 1.10, 9, "k2"), ("S2", 1.40, 11, "k1")]]
    )  # fmt: skip
    schools = pd.DataFrame({"code": ["L1", "S1", "S2"], "municipality": "m"})
    out = partner_suggestions(table, schools, None, limit=2)
    assert out["strong_school_code"].tolist() == ["S2", "S1"]
    assert out["same_cluster"].tolist() == [True, False]


def test_partner_suggestions_skip_partnered_lows_and_busy_strong_schools():
    table = _table(
        [{"school_code": c, "year": 2024, "quality_index": q, "quality_group": g,
          "low_results": g <= 5, "cluster": "k"}
         for c, q, g in [("L1", 0.8, 1), ("L2", 0.8, 2), ("S1", 1.3, 11), ("S2", 1.2, 8)]]
    )  # fmt: skip
    schools = pd.DataFrame({"code": ["L1", "L2", "S1", "S2"], "municipality": "m"})
    partnerships = pd.DataFrame(
        {"low_school_code": ["L1", "X", "Y"], "strong_school_code": ["S1", "S1", "S2"],
         "active": [True, True, False]}
    )  # fmt: skip
    out = partner_suggestions(table, schools, partnerships)
    assert out["low_school_code"].unique().tolist() == ["L2"]
    assert out["strong_school_code"].tolist() == ["S2"]


def test_programme_targets_measure_shares_and_leave_unknown_empty():
    table = pd.DataFrame(
        {"school_code": ["A", "B", "C", "D"], "year": 2024,
         "quality_index": [0.8, 0.9, 1.0, np.nan], "isbs": [1.0, 1.0, np.nan, np.nan],
         "low_results": [True, True, False, False], "unfavourable": [False, False, True, False]}
    )  # fmt: skip
    courses = pd.DataFrame(
        {"school_code": ["A"] * 6, "person": [1, 2, 3, 4, 5, 5], "hours": [32, 36, 72, 40, 32, 8]}
    )  # fmt: skip
    events = pd.DataFrame(
        {"host_school_code": ["A", None, None], "hours": [4, 6, 6],
         "level": ["school", "regional", "municipal"]}
    )  # fmt: skip
    out = programme_targets(
        table, 2024, programme_schools=pd.DataFrame({"school_code": ["A", "B"]}),
        course_completions=courses, events=events,
    ).set_index("indicator")  # fmt: skip
    assert out.loc["indices_computed", "value"] == pytest.approx(0.5)
    assert out.loc["programme_share_of_identified", "value"] == pytest.approx(2 / 3)
    assert out.loc["programme_share_of_identified", "met"]
    assert out.loc["trained_staff", "value"] == pytest.approx(0.5)
    assert out.loc["hosted_event", "value"] == pytest.approx(0.5)
    assert out.loc["exchange_events", "numerator"] == 2
    assert not out.loc["exchange_events", "met"]
    assert pd.isna(out.loc["active_partnership", "value"])
    assert pd.isna(out.loc["recommendations_given", "met"])


# --- pipeline --------------------------------------------------------------------------


def test_output_table_has_contract_columns_and_one_row_per_school_year():
    results = region(n=5)
    results = pd.concat([results, pd.DataFrame([row("H", 2024, subject="history")])], ignore_index=True)
    table = run(results).table
    assert list(table.columns) == OUTPUT_COLUMNS
    assert len(table) == 11  # 5 schools x 2 years + the history-only school
    assert pd.isna(cell(table, "H", 2024, "quality_index"))


def test_years_argument_gives_the_same_rows_as_a_full_run():
    schools, results, context = generate_region(n_schools=60, n_municipalities=4, seed=5)
    full = compute(schools, results, context).table
    part = compute(schools, results, context, years=[2024]).table
    expected = full.loc[full["year"] == 2024].reset_index(drop=True)
    pd.testing.assert_frame_equal(part, expected)


def test_format_output_renders_booleans_missing_values_and_flags():
    table = run(region(tweak=HIGH_VPR)).table
    out = format_output(table).set_index(["school_code", "year"])
    assert set(out["low_results"]) <= {"true", "false"}
    assert out.loc[("A00", "2023"), "trend"] == ""
    assert out.loc[("A01", "2024"), "objectivity_flags"] == ""
    assert out.loc[("A00", "2024"), "objectivity_flags"] == "F1"
    assert out.loc[("A00", "2024"), "quality_group"] == str(cell(table, "A00", 2024, "quality_group"))


def test_fingerprint_ignores_order_but_sees_changed_values():
    schools, results, context = generate_region(n_schools=20, n_municipalities=2, seed=9)
    base = fingerprint(schools, results, context)
    shuffled = results.sample(frac=1, random_state=1)[results.columns[::-1]]
    assert fingerprint(schools.iloc[::-1], shuffled, context.iloc[::-1]) == base
    changed = results.copy()
    changed.loc[0, "mean_score"] += 0.001
    assert fingerprint(schools, changed, context) != base
    assert len(base) == 64


def test_default_generated_region_has_a_sensible_mix():
    schools, results, context = generate_region()
    assert len(schools) == 300 and schools["municipality"].nunique() == 12
    assert schools["name"].str.contains("«Лицей № ").any()
    assert schools["name"].str.contains("Основная общеобразовательная школа с. ").any()
    assert schools["municipality"].str.contains("муниципальный").any()
    assert (results["participants"] < 5).mean() > 0.03
    assert results["sd"].isna().any() and results["raised_share"].isna().any()
    first_year = results.groupby("school_code")["year"].min()
    assert (first_year > first_year.min()).any()  # some schools open later

    table = compute(schools, results, context).table
    per_year = table.groupby("year")
    assert per_year["low_results"].mean().between(0.05, 0.5).all()
    assert per_year["unfavourable"].mean().between(0.05, 0.4).all()
    assert table["resilient"].sum() >= 5
    assert table["rosobrnadzor_risk"].sum() >= 3
    for flag in ("F1", "F2", "F3"):
        assert table["objectivity_flags"].str.contains(flag).sum() >= 2, flag
    advanced = table.merge(schools, left_on="school_code", right_on="code")
    means = advanced.groupby("advanced_study")["quality_index"].mean()
    assert means[True] > means[False] + 0.05


def test_generator_is_deterministic_per_seed():
    first = generate_region(n_schools=30, n_municipalities=3, seed=11)
    second = generate_region(n_schools=30, n_municipalities=3, seed=11)
    for a, b in zip(first, second, strict=True):
        pd.testing.assert_frame_equal(a, b)
    other = generate_region(n_schools=30, n_municipalities=3, seed=12)[1]
    assert not other["mean_score"].equals(first[1]["mean_score"])


# --- properties ------------------------------------------------------------------------

NUMERIC = ["quality_index", "quality_se", "quality_z", "quality_change", "change_z",
           "isbs", "isbs_z", "expected_quality", "residual_z"]  # fmt: skip
LABELS = [c for c in OUTPUT_COLUMNS if c not in NUMERIC]
PROPERTY = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_same_table(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a[LABELS], b[LABELS])
    pd.testing.assert_frame_equal(a[NUMERIC], b[NUMERIC], rtol=1e-9, atol=1e-12)


@PROPERTY
@given(
    seed=st.integers(0, 10_000),
    factor=st.floats(0.01, 100.0),
    indicator=st.sampled_from([("VPR", 4, "math"), ("OGE", 9, "russian"), ("EGE", 11, "math")]),
)
def test_index_is_invariant_to_the_unit_of_one_indicator(seed, factor, indicator):
    schools, results, context = generate_region(n_schools=40, n_municipalities=3, years=(2023, 2024), seed=seed)
    mask = (
        (results["assessment"] == indicator[0])
        & (results["grade"] == indicator[1])
        & (results["subject"] == indicator[2])
    )
    scaled = results.copy()
    scaled.loc[mask, ["mean_score", "sd"]] *= factor
    _assert_same_table(compute(schools, results, context).table, compute(schools, scaled, context).table)


@PROPERTY
@given(seed=st.integers(0, 10_000), order=st.integers(0, 2**32 - 1))
def test_output_is_invariant_to_row_order(seed, order):
    schools, results, context = generate_region(n_schools=40, n_municipalities=3, years=(2023, 2024), seed=seed)
    shuffle = np.random.default_rng(order)
    shuffled = [f.iloc[shuffle.permutation(len(f))] for f in (schools, results, context)]
    _assert_same_table(compute(schools, results, context).table, compute(*shuffled).table)
