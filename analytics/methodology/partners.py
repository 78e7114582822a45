"""Section 3 of METHODOLOGY.md: partner suggestions for low-results schools."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .parameters import Parameters

PARTNER_COLUMNS = [
    "low_school_code",
    "rank",
    "strong_school_code",
    "same_municipality",
    "same_cluster",
    "index_distance",
    "strong_quality_index",
    "strong_quality_group",
    "strong_active_partnerships",
]
# Rows of the (low x strong) matrix ranked at once: bounds memory to a few tens of MB.
_CHUNK = 512


def _active_counts(partnerships: pd.DataFrame | None) -> tuple[pd.Series, set[str]]:
    """Active partnerships per strong school, and low schools already in one."""
    if partnerships is None or partnerships.empty:
        return pd.Series(dtype="int64"), set()
    active = partnerships.loc[partnerships["active"].fillna(False).astype(bool)]
    strong = active["strong_school_code"].astype("str").value_counts()
    return strong, set(active["low_school_code"].astype("str"))


def partner_suggestions(
    table: pd.DataFrame,
    schools: pd.DataFrame,
    partnerships: pd.DataFrame | None = None,
    year: int | None = None,
    params: Parameters | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Section 3 "Partner suggestion", for one year (default: the latest in ``table``).

    For each low-results school without an active partnership (as the low side), the best
    ``limit`` (default ``params.partner_suggestions``) schools of quality group >= 8 with fewer
    than 2 active partnerships (as the strong side): same municipality first, then same
    cluster, then nearest by quality index; remaining ties go to the smaller school code.

    ``schools`` needs ``code, municipality``; ``partnerships`` needs ``low_school_code,
    strong_school_code, active``. Returns ``PARTNER_COLUMNS``, ``rank`` starting at 1.
    """
    params = params or Parameters()
    limit = params.partner_suggestions if limit is None else limit
    if table.empty:
        return pd.DataFrame(columns=PARTNER_COLUMNS)
    year = int(table["year"].max()) if year is None else year
    rows = table.loc[table["year"] == year].merge(
        schools[["code", "municipality"]],
        left_on="school_code",
        right_on="code",
        how="left",
    )
    strong_counts, partnered = _active_counts(partnerships)
    rows["active"] = rows["school_code"].map(strong_counts).fillna(0).astype("int64")

    lows = rows.loc[rows["low_results"].astype(bool) & ~rows["school_code"].isin(partnered)]
    strongs = rows.loc[
        (rows["quality_group"] >= params.partner_min_group).fillna(False).astype(bool)
        & (rows["active"] < params.partner_max_active)
    ].sort_values("school_code")
    if lows.empty or strongs.empty or limit <= 0:
        return pd.DataFrame(columns=PARTNER_COLUMNS)

    s_muni = strongs["municipality"].to_numpy(dtype=object)
    s_cluster = strongs["cluster"].to_numpy(dtype=object)
    s_q = strongs["quality_index"].to_numpy(dtype="float64")
    take = min(limit, len(strongs))
    frames = []
    for start in range(0, len(lows), _CHUNK):
        chunk = lows.iloc[start : start + _CHUNK]
        muni = chunk["municipality"].to_numpy(dtype=object)[:, None]
        clus = chunk["cluster"].to_numpy(dtype=object)[:, None]
        same_muni = (muni == s_muni) & pd.notna(muni)
        same_clus = (clus == s_cluster) & pd.notna(clus)
        dist = np.abs(chunk["quality_index"].to_numpy(dtype="float64")[:, None] - s_q)
        # Lexicographic order (municipality, cluster, distance, code) as one stable sort:
        # strongs are sorted by code, tiers are 0/1/2 and distances are far below 1e6.
        tier = np.where(same_muni, 0, 2) + np.where(same_clus, 0, 1)
        order = np.argsort(tier * 1e6 + dist, axis=1, kind="stable")[:, :take]
        picked = np.take_along_axis
        frames.append(
            pd.DataFrame(
                {
                    "low_school_code": np.repeat(chunk["school_code"].to_numpy(), take),
                    "rank": np.tile(np.arange(1, take + 1), len(chunk)),
                    "position": order.ravel(),
                    "same_municipality": picked(same_muni, order, 1).ravel(),
                    "same_cluster": picked(same_clus, order, 1).ravel(),
                    "index_distance": picked(dist, order, 1).ravel(),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    strong_info = strongs.reset_index(drop=True)
    out["strong_school_code"] = strong_info["school_code"].to_numpy()[out["position"]]
    out["strong_quality_index"] = s_q[out["position"]]
    out["strong_quality_group"] = strong_info["quality_group"].to_numpy()[out["position"]]
    out["strong_active_partnerships"] = strong_info["active"].to_numpy()[out["position"]]
    out = out.sort_values(["low_school_code", "rank"]).reset_index(drop=True)
    return out[PARTNER_COLUMNS]
