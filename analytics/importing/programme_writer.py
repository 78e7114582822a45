"""Writing the programme's records: each row updates the record with its natural key (the
schema's key) or creates one, so importing a file again never duplicates a record.

These tables have no unique index over their natural keys (an agreement's key holds a date, a
programme's an optional risk, an event's an optional school), so the upsert is done here:
existing records of the file's schools are read, matched by key, and updated or created in
bulk. Two imports touching the same schools wait for each other on those schools' rows (the
``select_for_update`` below), so neither inserts a record the other is inserting.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from analytics.models import (
    CooperationDirection,
    ImprovementProgramme,
    MentoringPair,
    MunicipalProgramme,
    Partnership,
    ProfessionalDevelopment,
    ProgrammeEvent,
    ProgrammeParticipation,
)
from registry.models import Municipality, Risk, School

from .records import Counts, records
from .validation import Validated

BATCH = 1000


def _ids(values: pd.Series, lookup: dict) -> pd.Series:
    """Python ints (None for an empty cell): pandas' own mapping would make floats of them."""
    return pd.Series([lookup.get(v) for v in values], index=values.index, dtype=object)


def _school_ids(frame: pd.DataFrame, column: str) -> pd.Series:
    codes = frame[column]
    return _ids(codes, dict(School.objects.filter(code__in=set(codes)).values_list("code", "id")))


def _municipality_ids(frame: pd.DataFrame, column: str = "municipality") -> pd.Series:
    names = frame[column]
    return _ids(names, dict(Municipality.objects.filter(name__in=set(names)).values_list("name", "id")))


def _lock(model, ids) -> None:
    """Serialise imports over the same schools or municipalities (see the module docstring)."""
    wanted = {i for i in ids if i is not None}
    if wanted:
        list(model.objects.select_for_update().filter(pk__in=wanted).order_by("pk").values_list("pk"))


def _integers(frame: pd.DataFrame, *names: str) -> None:
    for name in names:
        if name in frame:
            frame[name] = frame[name].map(lambda v: None if pd.isna(v) else int(v)).astype(object)


def _upsert(model, frame: pd.DataFrame, key: list[str], values: list[str], lookup: str):
    """Update or create one record per row; returns the counts and (row, record) pairs.

    ``key`` and ``values`` are attribute names (``school_id``); values absent from the frame
    (the file has no such column) are left as stored, or take the model's default on create.
    """
    present = [name for name in values if name in frame]
    rows = records(frame, [*key, *present])
    existing = {}
    for record in model.objects.filter(**{f"{lookup}__in": {row[lookup] for row in rows}}):
        existing[tuple(getattr(record, name) for name in key)] = record
    created, updated, pairs = [], [], []
    for row in rows:
        record = existing.get(tuple(row[name] for name in key))
        if record is None:
            record = model(**row)
            created.append(record)
        else:
            for name in present:
                setattr(record, name, row[name])
            updated.append(record)
        pairs.append((row, record))
    model.objects.bulk_create(created, batch_size=BATCH)
    if updated and present:
        model.objects.bulk_update(updated, [name.removesuffix("_id") for name in present], batch_size=BATCH)
    return Counts(len(rows), len(created), len(updated)), pairs


def _write_participation(v: Validated) -> Counts:
    frame = v.frame.copy()
    frame["school_id"] = _school_ids(frame, "school_code")
    _integers(frame, "year")
    _lock(School, frame["school_id"])
    values = ["category", "tutor", "recommendations_on", "notes"]
    counts, _ = _upsert(ProgrammeParticipation, frame, ["school_id", "year", "role"], values, "school_id")
    return counts


def _write_school_programmes(v: Validated) -> Counts:
    frame = v.frame.copy()
    frame["school_id"] = _school_ids(frame, "school_code")
    frame["risk_id"] = _ids(frame["risk"], dict(Risk.objects.values_list("code", "id")))
    _lock(School, frame["school_id"])
    key = ["school_id", "kind", "risk_id", "start_date"]
    counts, _ = _upsert(ImprovementProgramme, frame, key, ["status", "end_date", "approved_on"], "school_id")
    return counts


def _write_municipal_programmes(v: Validated) -> Counts:
    frame = v.frame.copy()
    frame["municipality_id"] = _municipality_ids(frame)
    _integers(frame, "year")
    _lock(Municipality, frame["municipality_id"])
    key = ["municipality_id", "year", "title"]
    counts, _ = _upsert(MunicipalProgramme, frame, key, ["approved_on"], "municipality_id")
    return counts


def _write_partnerships(v: Validated) -> Counts:
    frame = v.frame.copy()
    frame["low_school_id"] = _school_ids(frame, "low_school")
    frame["strong_school_id"] = _school_ids(frame, "strong_school")
    _lock(School, frame["low_school_id"])
    key = ["low_school_id", "strong_school_id", "start_date"]
    values = ["agreement_number", "status", "end_date", "notes"]
    counts, pairs = _upsert(Partnership, frame, key, values, "low_school_id")
    if "directions" in frame:
        ids = dict(CooperationDirection.objects.values_list("code", "id"))
        for (_, record), codes in zip(pairs, frame["directions"], strict=True):
            record.directions.set([ids[code] for code in codes])
    return counts


def _write_mentoring(v: Validated) -> Counts:
    frame = v.frame.copy()
    frame["school_id"] = _school_ids(frame, "school_code")
    if "mentor_school" in frame:
        frame["mentor_school_id"] = _school_ids(frame, "mentor_school")
    _lock(School, frame["school_id"])
    key = ["school_id", "mentor", "mentee", "start_date"]
    counts, _ = _upsert(MentoringPair, frame, key, ["mentor_school_id", "subject", "end_date"], "school_id")
    return counts


def _write_training(v: Validated) -> Counts:
    frame = v.frame.copy()
    frame["school_id"] = _school_ids(frame, "school_code")
    _integers(frame, "year", "hours")
    _lock(School, frame["school_id"])
    key = ["school_id", "year", "person", "course"]
    values = ["position", "hours", "study_form", "completed_on"]
    counts, _ = _upsert(ProfessionalDevelopment, frame, key, values, "school_id")
    return counts


def _write_events(v: Validated) -> Counts:
    frame = v.frame.copy()
    frame["host_school_id"] = _school_ids(frame, "host_school")
    frame["municipality_id"] = _municipality_ids(frame)
    frame["hours"] = frame["hours"].map(lambda h: Decimal(f"{h:.1f}"))
    _integers(frame, "participants")
    _lock(School, frame["host_school_id"])
    _lock(Municipality, frame["municipality_id"])
    key = ["title", "date", "host_school_id", "municipality_id"]
    counts, _ = _upsert(ProgrammeEvent, frame, key, ["hours", "level", "is_exchange", "participants"], "date")
    return counts


WRITERS = {
    "participation": _write_participation,
    "school_programmes": _write_school_programmes,
    "municipal_programmes": _write_municipal_programmes,
    "partnerships": _write_partnerships,
    "mentoring": _write_mentoring,
    "training": _write_training,
    "programme_events": _write_events,
}
