"""Section 3 of METHODOLOGY.md: value added, resilience, context clusters and peers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .parameters import Parameters
from .quality import safe_ratio


def value_added(
    quality_index: pd.Series,
    quality_se: pd.Series,
    expected_quality: pd.Series,
    params: Parameters,
) -> pd.DataFrame:
    """Section 3 "Value added": ``residual_z = (Q - expected) / SE(Q)`` and effectiveness.

    Returns ``residual_z, effectiveness`` aligned with the inputs; both empty without an
    expected value (no regression for the year or missing context).
    """
    residual_z = safe_ratio(quality_index - expected_quality, quality_se)
    c = params.critical_value
    with np.errstate(invalid="ignore"):
        label = np.where(residual_z > c, "above", np.where(residual_z < -c, "below", "as_expected"))
    effectiveness = pd.Series(label, index=quality_index.index, dtype="str").where(~np.isnan(residual_z))
    return pd.DataFrame(
        {"residual_z": residual_z, "effectiveness": effectiveness},
        index=quality_index.index,
    )


def resilient(unfavourable: pd.Series, quality_group: pd.Series, params: Parameters) -> pd.Series:
    """Section 3 "resilient": unfavourable conditions and quality group >= 7."""
    high = (quality_group >= params.resilient_min_group).fillna(False).astype(bool)
    return unfavourable.fillna(False).astype(bool) & high


def cluster(
    locality: pd.Series,
    is_small: pd.Series,
    isbs_group: pd.Series,
    params: Parameters,
) -> pd.Series:
    """Section 3 "Context cluster": ``{urban|rural}-{small|regular}-{low|mid|high}``.

    Empty when any part is unknown (no ИСБШ, or the school's attributes are missing).
    """
    level = pd.Series(
        np.select(
            [
                (isbs_group <= params.cluster_low_max_group).fillna(False).to_numpy(bool),
                (isbs_group <= params.cluster_mid_max_group).fillna(False).to_numpy(bool),
            ],
            ["low", "mid"],
            default="high",
        ),
        index=isbs_group.index,
        dtype="str",
    )
    size = pd.Series(
        np.where(is_small.fillna(False).astype(bool), "small", "regular"),
        index=is_small.index,
        dtype="str",
    )
    known = isbs_group.notna() & is_small.notna() & locality.isin(["urban", "rural"]).astype(bool)
    return (locality.astype("str") + "-" + size + "-" + level).where(known)


def contextual_peers(table: pd.DataFrame, school_code: str, year: int, limit: int | None = None) -> pd.DataFrame:
    """Section 3: the school's peers, same cluster and year, ranked by Q (best first).

    Returns ``rank, school_code, quality_index, quality_group, isbs, is_self``; empty when the
    school has no cluster that year. ``limit`` keeps the best ``limit`` rows (the school
    itself is always kept so a passport can show where it stands).
    """
    columns = ["rank", "school_code", "quality_index", "quality_group", "isbs", "is_self"]
    row = table.loc[(table["school_code"] == school_code) & (table["year"] == year)]
    if row.empty or pd.isna(row["cluster"].iloc[0]):
        return pd.DataFrame(columns=columns)
    peers = table.loc[
        (table["year"] == year) & (table["cluster"] == row["cluster"].iloc[0]) & table["quality_index"].notna()
    ]
    peers = peers.sort_values(["quality_index", "school_code"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )
    peers["rank"] = np.arange(1, len(peers) + 1)
    peers["is_self"] = peers["school_code"] == school_code
    if limit is not None:
        peers = peers.loc[(peers["rank"] <= limit) | peers["is_self"]]
    return peers[columns].reset_index(drop=True)
