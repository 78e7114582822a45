"""Rows of a validated frame as plain Python values, and what a write did."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class Counts:
    rows: int
    created: int
    updated: int


def clean(value):
    if value is None:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    data = frame[columns].astype(object).where(frame[columns].notna(), None)
    return [{k: clean(v) for k, v in zip(columns, row, strict=True)} for row in data.itertuples(index=False)]
