"""A seeded synthetic region (or country) with the structure METHODOLOGY.md has to handle.

Used by the benchmark (40,000 schools) and by the Django demo data (a region of ~300
schools). Everything is drawn with numpy from one seed, so a seed always gives the same data.
The structure is deliberate: family factors drive results (so the regression finds
something), small rural schools often fall under 5 participants, lyceums score high, some
schools inflate ВПР, some excel in hard conditions, some open in later years, and optional
values go missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from .synthetic_names import municipality_names, school_names

# assessment, grade, subject, regional mean, student SD, maximum, mark-2 cut, mark-4/5 cuts
INDICATORS = [
    ("VPR", 4, "math", 11.0, 3.6, 20, 6.0, (12.0, 16.0)),
    ("VPR", 4, "russian", 26.0, 7.0, 38, 14.0, (25.0, 33.0)),
    ("VPR", 5, "math", 10.0, 4.0, 20, 5.0, (11.0, 15.0)),
    ("VPR", 5, "russian", 28.0, 8.0, 45, 17.0, (29.0, 39.0)),
    ("OGE", 9, "math", 14.0, 5.3, 31, 8.0, (15.0, 22.0)),
    ("OGE", 9, "russian", 24.0, 6.0, 33, 15.0, (23.0, 29.0)),
    ("EGE", 11, "math", 56.0, 16.0, 100, 27.0, (None, None)),
    ("EGE", 11, "russian", 71.0, 13.0, 100, 36.0, (None, None)),
]
EXTRA = {"history": ("VPR", 4, 9.0, 3.2, 20, 4.0, (10.0, 14.0))}


def _clip01(x: np.ndarray) -> np.ndarray:
    return np.clip(x, 0.0, 1.0)


def _schools(rng: np.random.Generator, n: int, n_mun: int, years: tuple[int, ...]):
    """School attributes plus the latent traits the results are drawn from."""
    n_cities = max(1, round(n_mun / 6))
    weights = rng.dirichlet(np.full(n_mun, 2.0))
    weights[:n_cities] *= 3  # cities hold more schools than rural districts
    mun = rng.choice(n_mun, size=n, p=weights / weights.sum())
    is_city = mun < n_cities
    urban = np.where(is_city, rng.random(n) < 0.95, rng.random(n) < 0.25)
    small = ~urban & (rng.random(n) < 0.45) | urban & (rng.random(n) < 0.02)
    advanced = np.where(urban, rng.random(n) < 0.15, rng.random(n) < 0.02) & ~small
    basic = ~urban & (rng.random(n) < np.where(small, 0.5, 0.2)) & ~advanced
    students = np.where(
        small,
        rng.integers(10, 100, n),
        np.where(urban, rng.integers(450, 1500, n), rng.integers(150, 650, n)),
    )
    # Socio-economic status: the common cause of family factors and results.
    ses = rng.normal(0, 1, n) + 0.5 * urban + 0.7 * advanced - 0.4 * small
    effect = 0.06 * ses + rng.normal(0, 0.03, n) + 0.06 * advanced
    weak = rng.random(n) < 0.05
    effect -= 0.15 * weak
    resilient = (ses < -0.6) & (rng.random(n) < 0.12)
    effect[resilient] = np.abs(effect[resilient]) + 0.14
    inflating = ~advanced & ~small & (rng.random(n) < 0.05)
    inflate_from = np.where(rng.random(n) < 0.5, years[0], rng.choice(np.array(years), n))
    later = np.array(years[1:] or years)
    opens = np.where(rng.random(n) < 0.04, rng.choice(later, n), years[0])
    municipalities = municipality_names(n_mun, n_cities, rng)
    names = school_names(mun, urban, small, advanced, basic, rng)
    width = max(4, len(str(n)))
    schools = pd.DataFrame(
        {
            "code": [f"S{i + 1:0{width}d}" for i in range(n)],
            "name": names,
            "municipality": np.asarray(municipalities, dtype=object)[mun],
            "locality": np.where(urban, "urban", "rural"),
            "is_small": small,
            "advanced_study": advanced,
            "students": students,
        }
    )
    latent = {
        "ses": ses,
        "effect": effect,
        "basic": basic,
        "inflating": inflating,
        "inflate_from": inflate_from,
        "opens": opens,
        "students": students,
    }
    return schools, latent


def _context(rng, codes, latent, years) -> pd.DataFrame:
    """Family factors per school-year, driven by the latent status; ~3% of rows absent."""
    n, t = len(codes), len(years)
    ses = latent["ses"][:, None] + rng.normal(0, 0.15, (n, t))
    frame = pd.DataFrame(
        {
            "school_code": np.repeat(codes, t),
            "year": np.tile(np.array(years), n),
            "higher_education_share": _clip01(norm.cdf(-0.9 + 0.6 * ses + rng.normal(0, 0.3, (n, t)))).ravel(),
            "single_parent_share": _clip01(0.26 - 0.06 * ses + rng.normal(0, 0.05, (n, t))).ravel(),
            "kdn_share": _clip01(0.035 * np.exp(-0.5 * ses + rng.normal(0, 0.4, (n, t)))).ravel(),
            "large_family_share": _clip01(0.18 + rng.normal(0, 0.07, (n, t))).ravel(),
            "unemployed_parent_share": _clip01(0.08 - 0.03 * ses + rng.normal(0, 0.03, (n, t))).ravel(),
            "ovz_share": _clip01(0.04 + rng.normal(0, 0.015, (n, t))).ravel(),
            "non_native_share": _clip01(rng.exponential(0.03, (n, t))).ravel(),
        }
    )
    present = (frame["year"].to_numpy() >= np.repeat(latent["opens"], t)) & (rng.random(n * t) > 0.03)
    frame = frame.loc[present].reset_index(drop=True)
    factor_cols = frame.columns[2:]
    frame[factor_cols] = frame[factor_cols].round(4)
    # A few factor cells left empty, as in real questionnaires.
    holes = rng.random(len(frame)) < 0.01
    frame.loc[holes, "kdn_share"] = np.nan
    return frame


def _results(rng, codes, latent, years, extra_subjects) -> pd.DataFrame:
    """One row per school, year and indicator the school actually has."""
    specs = list(INDICATORS) + [(EXTRA[s][0], EXTRA[s][1], s, *EXTRA[s][2:]) for s in extra_subjects]
    n, t, k = len(codes), len(years), len(specs)
    year_arr = np.array(years)
    drift = rng.normal(0, 0.02, (n, t)).cumsum(axis=1) * 0.5
    effect = latent["effect"][:, None] + drift  # (n, t)
    inflated = latent["inflating"][:, None] & (year_arr[None, :] >= latent["inflate_from"][:, None])
    cohort = latent["students"] / 11.0

    assessment = np.array([s[0] for s in specs])
    grade = np.array([s[1] for s in specs])
    is_vpr = assessment == "VPR"
    share = np.select([grade == 11, grade == 9], [0.55, 0.93], default=0.95)
    lam = cohort[:, None, None] * share[None, None, :] * rng.uniform(0.8, 1.2, (n, t, 1))
    participants = rng.poisson(lam)
    exists = participants > 0
    exists &= year_arr[None, :, None] >= latent["opens"][:, None, None]
    exists &= ~(latent["basic"][:, None, None] & (grade == 11)[None, None, :])

    mu = np.array([s[3] for s in specs])
    sd = np.array([s[4] for s in specs])
    top = np.array([s[5] for s in specs], dtype=float)
    fail_cut = np.array([s[6] for s in specs])
    eff = effect[:, :, None] + rng.normal(0, 0.02, (n, t, k))
    eff = eff + np.where(is_vpr, 0.16, -0.03)[None, None, :] * inflated[:, :, None]
    school_sd = sd * rng.uniform(0.85, 1.15, (n, t, k))
    noise = rng.normal(0, 1, (n, t, k)) * school_sd / np.sqrt(np.maximum(participants, 1))
    mean = np.clip(mu * (1 + eff) + noise, 0.5, top)
    fail = _clip01(norm.cdf((fail_cut - mean) / school_sd) + rng.normal(0, 0.02, (n, t, k)))
    raised = np.where(
        inflated[:, :, None],
        rng.uniform(0.3, 0.5, (n, t, k)),
        _clip01(rng.normal(0.09, 0.03, (n, t, k))),
    )
    lowered = _clip01(rng.normal(0.25, 0.05, (n, t, k)))

    idx = np.nonzero(exists)
    s_i, t_i, k_i = idx
    m = len(s_i)
    frame = pd.DataFrame(
        {
            "school_code": np.asarray(codes)[s_i],
            "year": year_arr[t_i],
            "assessment": assessment[k_i],
            "grade": grade[k_i],
            "subject": np.array([s[2] for s in specs])[k_i],
            "participants": participants[idx],
            "mean_score": mean[idx].round(3),
            "sd": school_sd[idx].round(3),
            "fail_share": fail[idx].round(3),
        }
    )
    frame.loc[rng.random(m) < 0.25, "sd"] = np.nan
    frame.loc[rng.random(m) < 0.05, "fail_share"] = np.nan
    _marks(frame, specs, mean[idx], school_sd[idx], k_i, rng)
    vpr = is_vpr[k_i] & (rng.random(m) > 0.1)
    raised_v = np.minimum(raised[idx], 1 - lowered[idx])
    frame["lowered_share"] = np.where(vpr, lowered[idx].round(3), np.nan)
    frame["raised_share"] = np.where(vpr, raised_v.round(3), np.nan)
    frame["confirmed_share"] = np.where(vpr, (1 - frame["lowered_share"] - frame["raised_share"]).round(3), np.nan)
    return frame


def _marks(frame, specs, mean, sd, k_i, rng) -> None:
    """Shares of marks 2..5 from the school's score distribution (none for ЕГЭ)."""
    cut2 = np.array([s[6] for s in specs])[k_i]
    cut4 = np.array([np.nan if s[7][0] is None else s[7][0] for s in specs])[k_i]
    cut5 = np.array([np.nan if s[7][1] is None else s[7][1] for s in specs])[k_i]
    p2 = norm.cdf((cut2 - mean) / sd)
    p3 = norm.cdf((cut4 - mean) / sd) - p2
    p5 = 1 - norm.cdf((cut5 - mean) / sd)
    p4 = 1 - p2 - p3 - p5
    missing = np.isnan(cut4) | (rng.random(len(mean)) < 0.15)
    for name, p in (("marks_2", p2), ("marks_3", p3), ("marks_4", p4), ("marks_5", p5)):
        frame[name] = np.where(missing, np.nan, np.round(p, 3))


def generate_region(
    n_schools: int = 300,
    n_municipalities: int = 12,
    years: tuple[int, ...] = (2021, 2022, 2023, 2024, 2025),
    seed: int = 20250901,
    extra_subjects: tuple[str, ...] = ("history",),
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(schools, results, context) frames with the canonical columns of METHODOLOGY.md.

    ``extra_subjects`` adds ВПР rows outside ``Parameters.subjects`` (history by default) so
    the subject filter of step 1 has something to filter.
    """
    if n_schools < 1 or n_municipalities < 1:
        raise ValueError("need at least one school and one municipality")
    years = tuple(int(y) for y in years)
    rng = np.random.default_rng(seed)
    schools, latent = _schools(rng, n_schools, n_municipalities, years)
    codes = schools["code"].to_numpy()
    results = _results(rng, codes, latent, years, extra_subjects)
    context = _context(rng, codes, latent, years)
    return schools, results, context
