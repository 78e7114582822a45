"""The vocabulary every importable file is described in: a column, a schema, how headers and
choice values are compared, and the columns many files share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Kinds of cells ``validation`` knows how to read:
#   text, int, float, share, bool, year, choice, subject — plain values;
#   date — 2025-03-01, 01.03.2025 or an Excel date;
#   school, municipality, risk — a reference the registry must know (a code or a name);
#   directions — names or codes of cooperation directions separated by «;».
KINDS = (
    "text",
    "int",
    "float",
    "share",
    "bool",
    "year",
    "choice",
    "subject",
    "date",
    "school",
    "municipality",
    "risk",
    "directions",
)


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    kind: str
    required: bool = False  # the column must be in the file
    not_empty: bool = False  # every cell must be filled
    aliases: tuple[str, ...] = ()
    choices: dict[str, str] = field(default_factory=dict)  # choice_key(input) -> stored value
    max_length: int | None = None  # text: the database column's length
    pattern: str | None = None  # text: what a whole cell must look like (a regular expression)
    default: object = None  # choice, bool: what an empty cell means (None: nothing)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class Schema:
    kind: str
    title: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    # Rows name schools or municipalities that must lie in the importing user's scope.
    scoped: bool = False
    hint: str = ""  # shown beside the columns on the import page

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def normalise_header(text: str) -> str:
    """Case, ё, quotes, spaces and the BOM do not matter in a header."""
    text = str(text).replace("\ufeff", "").strip().lower().replace("ё", "е")
    for ch in "«»\"'“”:":
        text = text.replace(ch, "")
    return " ".join(text.replace("_", " ").split())


DASHES = re.compile(r"\s*[-‐‑–—]\s*")


def choice_key(text: str) -> str:
    """A choice cell as compared: like a header, and any dash, with or without spaces around
    it, is one hyphen («Школа — участник программы» = «школа-участник программы»)."""
    return DASHES.sub("-", normalise_header(text))


class Choices(dict):
    """choice_key(spelling) -> stored value, and the spelling a message offers for each value."""

    def __init__(self, lookup: dict[str, str], labels: dict[str, str]):
        super().__init__(lookup)
        self.labels = labels


def choices(**values: tuple[str, ...]) -> Choices:
    """``stored=(label, other spellings...)``: the lookup of a choice column. The stored value
    itself is always accepted too; the label is what messages and the import page offer."""
    out: dict[str, str] = {}
    for stored, spellings in values.items():
        for spelling in (stored, *spellings):
            key = choice_key(spelling)
            if out.setdefault(key, stored) != stored:
                raise ValueError(f"«{spelling}» means both {out[key]} and {stored}")
    return Choices(out, {stored: spellings[0] if spellings else stored for stored, spellings in values.items()})


def allowed_values(column: Column) -> str:
    """The values of a choice column as a message lists them."""
    labels = getattr(column.choices, "labels", None)
    if labels:
        return ", ".join(f"«{label}»" for label in labels.values())
    return ", ".join(sorted(set(column.choices.values())))


# A school code becomes part of a passport's address: letters, digits, dot, dash, underscore.
CODE_PATTERN = r"[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё_.\-]*"
CODE_LENGTH = 20

SCHOOL_CODE = Column(
    "school_code",
    "Код школы",
    "text",
    required=True,
    not_empty=True,
    aliases=("код школы", "код оо", "код"),
    max_length=CODE_LENGTH,
    pattern=CODE_PATTERN,
)
YEAR = Column("year", "Год", "year", required=True, not_empty=True, aliases=("год",))


def school(name: str, label: str, *aliases: str, required: bool = False) -> Column:
    """A column naming a school of the registry by its code."""
    return Column(
        name,
        label,
        "school",
        required=required,
        not_empty=required,
        aliases=aliases,
        max_length=CODE_LENGTH,
        pattern=CODE_PATTERN,
    )


def date(name: str, label: str, *aliases: str, required: bool = False) -> Column:
    return Column(name, label, "date", required=required, not_empty=required, aliases=aliases)


def text(name: str, label: str, *aliases: str, max_length: int | None = None, required: bool = False) -> Column:
    return Column(name, label, "text", required=required, not_empty=required, aliases=aliases, max_length=max_length)
