"""A problem of an imported file, and the collector that turns a mask of bad rows into problems
named as the spreadsheet shows them (the header is row 1) and the column as written in the file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Problem:
    row: int | None  # as in the spreadsheet: the header is row 1
    column: str | None  # as written in the file
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"строка {self.row}")
        if self.column:
            where.append(f"столбец «{self.column}»")
        prefix = ", ".join(where)
        return f"{prefix[:1].upper()}{prefix[1:]}: {self.message}" if prefix else self.message


class Checker:
    def __init__(self, raw: pd.DataFrame):
        self.raw = raw
        self.problems: list[Problem] = []
        self.headers: dict[str, str] = {}  # canonical name -> header as written
        self.labels: dict[str, str] = {}  # canonical name -> Russian label, for a column not in the file

    def header(self, column: str | None) -> str | None:
        if not column:
            return None
        return self.headers.get(column) or self.labels.get(column, column)

    def add(self, mask: pd.Series, column: str | None, message) -> None:
        """One problem per row where ``mask`` holds; ``message`` may take the raw cell."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        header = self.header(column)
        raw = self.raw[self.headers[column]] if column in self.headers else None
        for pos in np.flatnonzero(mask.to_numpy()):
            cell = str(raw.iloc[pos]).strip() if raw is not None else ""
            text = message(cell) if callable(message) else message
            self.problems.append(Problem(int(pos) + 2, header, text))

    def add_rows(self, mask: pd.Series, column: str | None, message) -> None:
        """Like ``add``, but ``message`` takes the row position, for messages naming other cells."""
        mask = mask.fillna(False).astype(bool)
        header = self.header(column)
        for pos in np.flatnonzero(mask.to_numpy()):
            self.problems.append(Problem(int(pos) + 2, header, message(int(pos))))
