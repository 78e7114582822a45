"""The Django side of the computation: load the engine's input frames from the database, run
``analytics.methodology.compute`` and store a versioned ``ComputationRun`` with its results.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import numpy as np
import pandas as pd

from django.db import transaction
from django.utils import timezone

from analytics import methodology
from analytics.methodology import Parameters, compute, fingerprint, format_output
from analytics.models import (
    AssessmentResult,
    ComputationRun,
    GapResult,
    IndicatorResult,
    RegressionReport,
    SchoolYearResult,
    SocialContext,
)
from registry.models import School

RESULT_FIELDS = [
    "year",
    "assessment",
    "grade",
    "subject",
    "participants",
    "mean_score",
    "sd",
    "fail_share",
    "marks_2",
    "marks_3",
    "marks_4",
    "marks_5",
    "lowered_share",
    "confirmed_share",
    "raised_share",
]
BATCH = 2000


def engine_version() -> str:
    """The engine's own version when it declares one, else a digest of its source files, so a
    run always says which implementation of METHODOLOGY.md produced it."""
    declared = getattr(methodology, "__version__", None)
    if declared:
        return str(declared)
    digest = hashlib.sha256()
    for path in sorted(Path(methodology.__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return "src-" + digest.hexdigest()[:12]


def load_frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(schools, results, context) with the canonical columns of METHODOLOGY.md "Interfaces"."""
    schools = pd.DataFrame(
        list(
            School.objects.values_list(
                "code", "name", "municipality__name", "locality", "is_small", "advanced_study", "students"
            )
        ),
        columns=["code", "name", "municipality", "locality", "is_small", "advanced_study", "students"],
    )
    results = pd.DataFrame(
        list(AssessmentResult.objects.values_list("school__code", *RESULT_FIELDS).order_by()),
        columns=["school_code", *RESULT_FIELDS],
    )
    context = pd.DataFrame(
        list(SocialContext.objects.values_list("school__code", "year", *SocialContext.FACTORS).order_by()),
        columns=["school_code", "year", *SocialContext.FACTORS],
    )
    for frame, cols in ((results, RESULT_FIELDS[4:]), (context, SocialContext.FACTORS)):
        for col in cols:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    return schools, results, context


def _value(v):
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float | np.floating):
        return None if math.isnan(v) else float(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def _rows(frame: pd.DataFrame):
    cols = list(frame.columns)
    for row in frame.astype(object).itertuples(index=False, name=None):
        yield {c: _value(v) for c, v in zip(cols, row, strict=True)}


def run_computation(
    *,
    years=None,
    user=None,
    params: Parameters | None = None,
    source: str = "command",
    reuse_same_inputs: bool = False,
):
    """Compute and store a run; returns (run, result or None when an existing run was reused).

    ``reuse_same_inputs`` (the demo) keeps the latest successful run when the inputs, parameters
    and years are unchanged instead of storing a duplicate.
    """
    params = params or Parameters()
    schools, results, context = load_frames()
    digest = fingerprint(schools, results, context)
    wanted = sorted(int(y) for y in years) if years else sorted(int(y) for y in results["year"].unique())
    version = engine_version()
    if reuse_same_inputs:
        existing = (
            ComputationRun.objects.filter(
                status=ComputationRun.Status.SUCCESS,
                input_fingerprint=digest,
                parameters=params.to_dict(),
                engine_version=version,
            )
            .order_by("-started_at")
            .first()
        )
        if existing is not None and existing.years == wanted:
            return existing, None
    run = ComputationRun.objects.create(
        started_at=timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        parameters=params.to_dict(),
        input_fingerprint=digest,
        years=wanted,
        engine_version=version,
        source=source,
        schools=len(schools),
        result_rows=len(results),
    )
    try:
        result = compute(schools, results, context, params=params, years=years)
        with transaction.atomic():
            store_result(run, result)
            run.status = ComputationRun.Status.SUCCESS
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "finished_at"])
    except Exception as exc:
        run.status = ComputationRun.Status.FAILED
        run.error = f"{type(exc).__name__}: {exc}"
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    return run, result


def store_result(run: ComputationRun, result) -> None:
    school_ids = dict(School.objects.values_list("code", "id"))
    table = result.table
    objs = []
    for row in _rows(table):
        code = row.pop("school_code")
        for text in ("trend", "effectiveness", "cluster", "objectivity_flags"):
            row[text] = row[text] or ""
        objs.append(SchoolYearResult(run=run, school_id=school_ids[code], **row))
    SchoolYearResult.objects.bulk_create(objs, batch_size=BATCH)

    ind_fields = [f.name for f in IndicatorResult._meta.concrete_fields if f.name not in ("id", "run", "school")]
    indicators = result.indicators
    objs = []
    for row in _rows(indicators[["school_code", *[f for f in ind_fields if f in indicators.columns]]]):
        code = row.pop("school_code")
        row["sd_source"] = row.get("sd_source") or ""
        objs.append(IndicatorResult(run=run, school_id=school_ids[code], **row))
    IndicatorResult.objects.bulk_create(objs, batch_size=BATCH)

    coefficients = result.coefficients
    reports = []
    for row in _rows(result.regression):
        terms = coefficients.loc[coefficients["year"] == row["year"]].drop(columns=["year"])
        row["coefficients"] = list(_rows(terms))
        row["note"] = row.get("note") or ""
        row["n"] = row.get("n") or 0
        reports.append(RegressionReport(run=run, **row))
    RegressionReport.objects.bulk_create(reports, batch_size=BATCH)

    gap_fields = [f.name for f in GapResult._meta.concrete_fields if f.name not in ("id", "run")]
    GapResult.objects.bulk_create(
        [GapResult(run=run, **row) for row in _rows(result.gap[gap_fields])], batch_size=BATCH
    )


def output_frame(result) -> pd.DataFrame:
    """The Output table as the CSV cells of METHODOLOGY.md (the engine's format)."""
    return format_output(result.table)
