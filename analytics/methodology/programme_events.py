"""Events the programme counts, from the seminar calendar and from hand records, each once.

The calendar (communities) is where events are published now; the programme's own records
(``ProgrammeEvent``) hold what happened elsewhere, and for a while both may hold the same
meeting. A hand record is the same meeting as a calendar event when both fall on the same day
and either carry the same title (case, ё/е and spacing aside) or name the same host school;
then the calendar's row is kept, because it carries attendance and is what the public saw.
"""

from __future__ import annotations

import pandas as pd

EVENT_COLUMNS = [
    "source",
    "ref",
    "title",
    "date",
    "year",
    "hours",
    "level",
    "host_school_code",
    "municipality",
    "is_exchange",
]
CALENDAR = "calendar"
RECORD = "record"
SOURCE_LABELS = {CALENDAR: "календарь", RECORD: "запись программы"}


def _title_key(title) -> str:
    return " ".join(str(title or "").casefold().replace("ё", "е").split())


def combine_events(records: pd.DataFrame | None, calendar: pd.DataFrame | None) -> pd.DataFrame | None:
    """One frame of ``EVENT_COLUMNS`` (``source`` set here), hand records that duplicate a
    calendar event dropped; ``None`` when neither source is given."""
    parts = []
    if calendar is not None:
        parts.append(calendar.assign(source=CALENDAR))
    if records is not None:
        hand = records.assign(source=RECORD)
        if calendar is not None and not calendar.empty and not hand.empty:
            hand = hand.loc[~_duplicates(hand, calendar)]
        parts.append(hand)
    if not parts:
        return None
    frame = pd.concat([p.reindex(columns=EVENT_COLUMNS) for p in parts], ignore_index=True)
    return frame.sort_values(["date", "source", "title"], kind="stable").reset_index(drop=True)


def _duplicates(hand: pd.DataFrame, calendar: pd.DataFrame) -> pd.Series:
    titles = set(zip(calendar["date"], calendar["title"].map(_title_key), strict=True))
    hosts = set(
        zip(
            calendar.loc[calendar["host_school_code"].notna(), "date"],
            calendar.loc[calendar["host_school_code"].notna(), "host_school_code"].astype("str"),
            strict=True,
        )
    )
    same_title = pd.Series(
        [(d, _title_key(t)) in titles for d, t in zip(hand["date"], hand["title"], strict=True)], index=hand.index
    )
    same_host = pd.Series(
        [pd.notna(h) and (d, str(h)) in hosts for d, h in zip(hand["date"], hand["host_school_code"], strict=True)],
        index=hand.index,
    )
    return same_title | same_host
