"""METHODOLOGY.md "Programme monitoring": the regional programme's targets for one year.

Each target is measured only when the records it needs are given; otherwise its value is
empty rather than a misleading 0%.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .parameters import Parameters

TARGET_COLUMNS = [
    "indicator",
    "numerator",
    "denominator",
    "value",
    "target",
    "met",
]


def _for_year(frame: pd.DataFrame | None, year: int) -> pd.DataFrame | None:
    """Records of the year when the frame carries a ``year`` column, else all of them."""
    if frame is None:
        return None
    if "year" in frame.columns:
        return frame.loc[frame["year"] == year]
    return frame


def _share(indicator: str, num: int | None, den: int | None, target: float) -> dict:
    value = num / den if num is not None and den else np.nan
    met = pd.NA if np.isnan(value) else bool(value >= target)
    return {
        "indicator": indicator,
        "numerator": num,
        "denominator": den,
        "value": value,
        "target": target,
        "met": met,
    }


def programme_targets(
    table: pd.DataFrame,
    year: int,
    *,
    programme_schools: pd.DataFrame | None = None,
    partnerships: pd.DataFrame | None = None,
    course_completions: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    recommendations: pd.DataFrame | None = None,
    params: Parameters | None = None,
) -> pd.DataFrame:
    """Programme monitoring targets for ``year``; returns ``TARGET_COLUMNS``, one row each.

    Record frames (each may carry ``year``; then only that year counts):

    - ``programme_schools``: ``school_code`` [, ``approved_programme`` bool];
    - ``partnerships``: ``low_school_code, strong_school_code, active``;
    - ``course_completions``: ``school_code, person, hours`` (one row per completed course);
    - ``events``: ``host_school_code, hours, level`` (``school``/``municipal``/``regional``)
      [, ``is_exchange`` bool, default true for municipal and regional events];
    - ``recommendations``: ``school_code`` (analytic data and recommendations given).

    "Indices computed" means both the quality index and ИСБШ exist for the school-year. The
    programme share counts programme schools among the identified ШНОР/ШФНСУ, so programme
    schools that were never identified do not inflate it.
    """
    params = params or Parameters()
    rows = table.loc[table["year"] == year]
    computed = int((rows["quality_index"].notna() & rows["isbs"].notna()).sum())
    out = [_share("indices_computed", computed, len(rows), params.target_indices_computed)]

    programme = _for_year(programme_schools, year)
    members = set() if programme is None else set(programme["school_code"].astype("str"))
    n_members = len(members) if programme is not None else None
    identified = set(rows.loc[rows["low_results"] | rows["unfavourable"], "school_code"].astype("str"))
    out.append(
        _share(
            "programme_share_of_identified",
            len(members & identified) if programme is not None else None,
            len(identified),
            params.target_programme_share,
        )
    )

    def member_share(indicator: str, covered: set[str] | None) -> dict:
        num = None if covered is None or programme is None else len(covered & members)
        return _share(indicator, num, n_members, params.target_programme_school_share)

    approved = None
    if programme is not None and "approved_programme" in programme.columns:
        flags = programme["approved_programme"].fillna(False).astype(bool)
        approved = set(programme.loc[flags, "school_code"].astype("str"))
    out.append(member_share("approved_programme", approved))

    partner = _for_year(partnerships, year)
    with_partner = None
    if partner is not None:
        active = partner.loc[partner["active"].fillna(False).astype(bool)]
        with_partner = set(active["low_school_code"].astype("str"))
    out.append(member_share("active_partnership", with_partner))

    courses = _for_year(course_completions, year)
    trained = None
    if courses is not None:
        long_courses = courses.loc[courses["hours"] >= params.target_course_hours]
        staff = long_courses.groupby("school_code")["person"].nunique()
        trained = set(staff.loc[staff >= params.target_trained_staff].index.astype("str"))
    out.append(member_share("trained_staff", trained))

    ev = _for_year(events, year)
    hosting = None
    exchange = None
    if ev is not None:
        long_events = ev.loc[ev["hours"] >= params.target_event_hours]
        hosting = set(long_events["host_school_code"].dropna().astype("str"))
        wide = ev["level"].isin(["municipal", "regional"])
        if "is_exchange" in ev.columns:
            wide &= ev["is_exchange"].fillna(False).astype(bool)
        exchange = int(wide.sum())
    out.append(member_share("hosted_event", hosting))
    out.append(
        {
            "indicator": "exchange_events",
            "numerator": exchange,
            "denominator": None,
            "value": np.nan if exchange is None else float(exchange),
            "target": float(params.target_exchange_events),
            "met": pd.NA if exchange is None else exchange >= params.target_exchange_events,
        }
    )

    recs = _for_year(recommendations, year)
    given = None if recs is None else set(recs["school_code"].astype("str"))
    out.append(member_share("recommendations_given", given))

    frame = pd.DataFrame(out, columns=TARGET_COLUMNS)
    frame["numerator"] = frame["numerator"].astype("Int64")
    frame["denominator"] = frame["denominator"].astype("Int64")
    frame["met"] = frame["met"].astype("boolean")
    return frame
