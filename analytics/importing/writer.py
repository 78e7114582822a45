"""Writing a validated table: one transaction, bulk upserts keyed by the natural key.

Re-importing the same rows updates them (never duplicates). A column absent from the file
leaves the stored values of that column alone; a present but empty cell clears it. The
programme's records are written by ``programme_writer`` under the same rules.
"""

from __future__ import annotations

import hashlib

import pandas as pd

from django.db import transaction
from django.utils import timezone

from analytics.models import AssessmentResult, ImportRecord, RiskProfile, SocialContext
from registry.models import Municipality, Risk, School

from .programme_writer import WRITERS as PROGRAMME_WRITERS
from .records import Counts
from .records import records as _records
from .schema import SCHEMAS
from .validation import Validated

BATCH = 2000


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _upsert(model, objs, unique_fields, update_fields):
    if update_fields:
        model.objects.bulk_create(
            objs, batch_size=BATCH, update_conflicts=True, unique_fields=unique_fields, update_fields=update_fields
        )
    else:
        model.objects.bulk_create(objs, batch_size=BATCH, ignore_conflicts=True)


def _write_municipalities(v: Validated) -> Counts:
    frame = v.frame
    existing = set(Municipality.objects.values_list("name", flat=True))
    fields = [c for c in ("code",) if c in frame]
    objs = [Municipality(**r) for r in _records(frame, ["name", *fields])]
    for o in objs:
        o.code = o.code or ""
    _upsert(Municipality, objs, ["name"], fields)
    created = sum(o.name not in existing for o in objs)
    return Counts(len(objs), created, len(objs) - created)


def _write_schools(v: Validated) -> Counts:
    frame = v.frame
    for name in v.new_municipalities:
        Municipality.objects.get_or_create(name=name)
    municipalities = dict(Municipality.objects.values_list("name", "id"))
    existing = set(School.objects.values_list("code", flat=True))
    optional = [c for c in ("locality", "is_small", "advanced_study", "students", "education_levels") if c in frame]
    objs = []
    for r in _records(frame, ["code", "name", "municipality", *optional]):
        r["municipality_id"] = municipalities[r.pop("municipality")]
        if "students" in r and r["students"] is not None:
            r["students"] = int(r["students"])
        if r.get("locality") == "":
            r["locality"] = School.Locality.URBAN
        if r.get("education_levels") is None and "education_levels" in r:
            r["education_levels"] = ""
        objs.append(School(**r))
    _upsert(School, objs, ["code"], ["name", "municipality", *optional])
    created = sum(o.code not in existing for o in objs)
    return Counts(len(objs), created, len(objs) - created)


def _school_ids(frame: pd.DataFrame) -> pd.Series:
    ids = dict(School.objects.filter(code__in=list(frame["school_code"].unique())).values_list("code", "id"))
    return frame["school_code"].map(ids)


def _existing(model, key_fields, years) -> set[tuple]:
    return set(model.objects.filter(year__in=years).values_list(*key_fields))


def _write_keyed(v: Validated, model, key: list[str], value_fields: list[str], convert=None) -> Counts:
    frame = v.frame.copy()
    frame["school_id"] = _school_ids(frame)
    frame["year"] = frame["year"].astype("int64")
    if "grade" in frame:
        frame["grade"] = frame["grade"].astype("int64")
    if convert:
        convert(frame)
    present = [c for c in value_fields if c in frame]
    db_key = ["school_id" if k == "school_code" else k for k in key]
    existing = _existing(model, db_key, sorted(frame["year"].unique().tolist()))
    objs = [model(**r) for r in _records(frame, [*db_key, *present])]
    keys = frame[db_key].itertuples(index=False, name=None)
    created = sum(tuple(k) not in existing for k in keys)
    unique = [k.removesuffix("_id") for k in db_key]
    _upsert(model, objs, unique, present)
    return Counts(len(objs), created, len(objs) - created)


def _write_results(v: Validated) -> Counts:
    def convert(frame):
        frame["participants"] = frame["participants"].astype("int64")

    values = ["participants", "mean_score", "sd", "fail_share", "marks_2", "marks_3", "marks_4", "marks_5"]
    values += ["lowered_share", "confirmed_share", "raised_share"]
    return _write_keyed(v, AssessmentResult, ["school_code", "year", "assessment", "grade", "subject"], values, convert)


def _write_context(v: Validated) -> Counts:
    return _write_keyed(v, SocialContext, ["school_code", "year"], SocialContext.FACTORS)


def _write_risks(v: Validated) -> Counts:
    risk_ids = dict(Risk.objects.values_list("code", "id"))

    def convert(frame):
        frame["risk_id"] = frame["risk"].map(risk_ids)
        # A file replaces whatever the profile said before, so the source is the file's.
        frame["source"] = RiskProfile.Source.IMPORT
        frame["assessed_on"] = timezone.localdate()

    return _write_keyed(v, RiskProfile, ["school_code", "year", "risk_id"], ["level", "source", "assessed_on"], convert)


WRITERS = {
    "municipalities": _write_municipalities,
    "schools": _write_schools,
    "results": _write_results,
    "context": _write_context,
    "risks": _write_risks,
    **PROGRAMME_WRITERS,
}


def write_frame(kind: str, frame: pd.DataFrame, *, new_municipalities=()) -> Counts:
    """Write a table already in canonical columns and types (a generated region, not a file):
    the same upserts as an import, without reading and checking cells."""
    validated = Validated(SCHEMAS[kind], frame.reset_index(drop=True), {c: c for c in frame.columns})
    validated.new_municipalities = list(new_municipalities)
    with transaction.atomic():
        return WRITERS[kind](validated)


def count_changes(v: Validated) -> Counts:
    """What a write would do, for dry runs: computed inside a rolled-back transaction."""
    with transaction.atomic():
        counts = WRITERS[v.schema.kind](v)
        transaction.set_rollback(True)
    return counts


def write(v: Validated, *, file_name: str, digest: str, user=None, source: str = "command") -> ImportRecord:
    """All or nothing: the rows and their ImportRecord in one transaction."""
    if not v.ok:
        raise ValueError("refusing to write a table with problems")
    with transaction.atomic():
        counts = WRITERS[v.schema.kind](v)
        note = ""
        if v.new_municipalities:
            note = "Созданы муниципалитеты: " + ", ".join(v.new_municipalities)
        return ImportRecord.objects.create(
            kind=v.schema.kind,
            user=user if user is not None and user.is_authenticated else None,
            source=source,
            file_name=file_name[:300],
            sha256=digest,
            rows=counts.rows,
            created=counts.created,
            updated=counts.updated,
            note=note,
        )
