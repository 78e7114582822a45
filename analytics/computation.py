"""The Django side of the computation: load the engine's input frames from the database, run
``analytics.methodology.compute`` and store a versioned ``ComputationRun`` with its results.

One computation at a time: a run is queued or running only while the database lets it be the
only one (the ``one_active_computation_run`` constraint), and a run that can no longer finish
(its worker died) is marked failed by ``clear_stale_runs`` instead of blocking the next one.
"""

from __future__ import annotations

import hashlib
import math
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from django_tasks import task_backends
from django_tasks.exceptions import TaskResultDoesNotExist

from django.conf import settings
from django.db import IntegrityError, transaction
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
from base.queue import BACKGROUND
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

# Progress of a run as the runs page shows it: (percent, note) at each stage.
QUEUED = (0, "в очереди")
LOADING = (10, "загрузка данных")
COMPUTING = (30, "идёт расчёт индексов")
STORING = (80, "сохранение результатов")
DONE = (100, "готово")
FAILED_NOTE = "ошибка"


class ComputationBusy(RuntimeError):
    """Another computation is queued or running; only one runs at a time."""

    def __init__(self, run: ComputationRun):
        self.run = run
        super().__init__(
            f"Уже есть незавершённый расчёт №{run.pk} ({run.get_status_display().lower()} "
            f"с {timezone.localtime(run.started_at):%d.%m.%Y %H:%M}): дождитесь его окончания."
        )


def active_run() -> ComputationRun | None:
    """The queued or running computation, if any (there is at most one)."""
    return ComputationRun.objects.filter(status__in=ComputationRun.ACTIVE).order_by("-started_at", "-pk").first()


def claim_run(**fields) -> ComputationRun:
    """Insert a queued or running run, or raise ``ComputationBusy`` naming the one already active.

    The database decides (a unique index over the active runs), so two requests racing here
    cannot both win on PostgreSQL or on SQLite; stale runs are cleared first so that a dead
    worker's run does not refuse every new one.
    """
    clear_stale_runs()
    try:
        with transaction.atomic():
            return ComputationRun.objects.create(**fields)
    except IntegrityError:
        busy = active_run()
        if busy is None:
            raise  # not the one-at-a-time index: a real error
        raise ComputationBusy(busy) from None


def set_progress(run: ComputationRun, stage: tuple[int, str]) -> None:
    """Record a stage, which is also the run's sign of life for ``clear_stale_runs``.

    A plain UPDATE: saving the model would queue Wagtail's reference-index upkeep (runs are
    snippets) at every stage for nothing.
    """
    run.progress, run.progress_note = stage
    run.updated_at = timezone.now()
    ComputationRun.objects.filter(pk=run.pk).update(
        progress=run.progress, progress_note=run.progress_note, updated_at=run.updated_at
    )


def timeout() -> timedelta:
    return timedelta(minutes=getattr(settings, "COMPUTATION_TIMEOUT_MINUTES", 120))


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60} ч" if minutes % 60 == 0 else f"{minutes} мин"


def _stale_reason(run: ComputationRun, now) -> str:
    """Why ``run`` can no longer finish, in Russian for the runs page, or "" while it still may."""
    if now - run.updated_at > timeout():
        if run.status == ComputationRun.Status.QUEUED:
            return (
                f"Расчёт не начался за {_duration(timeout())}: обработчик фоновой очереди "
                "(manage.py db_worker --backend queue) не запущен."
            )
        return f"Расчёт прерван: {_duration(timeout())} без признаков работы (обработчик очереди остановлен)."
    queue = task_backends[BACKGROUND]
    if run.task_id and queue.supports_get_result:
        try:
            task = queue.get_result(run.task_id)
        except TaskResultDoesNotExist:
            return "Расчёт прерван: его задача пропала из фоновой очереди."
        if task.is_finished:
            # The task ends only after the run is marked finished, unless its worker was killed.
            return "Расчёт прерван: обработчик очереди остановился, не закончив расчёт."
    return ""


def clear_stale_runs(now=None) -> int:
    """Mark failed every queued or running run that can no longer finish; returns how many.

    A run gives a sign of life (``updated_at``) at each stage; one silent for longer than
    ``COMPUTATION_TIMEOUT_MINUTES``, or whose background task has ended, was left by a worker
    that died or never started. The update is conditional on that same sign of life, so a run
    that moved on in the meantime is left alone.
    """
    now = now or timezone.now()
    cleared = 0
    for run in ComputationRun.objects.filter(status__in=ComputationRun.ACTIVE):
        reason = _stale_reason(run, now)
        if reason:
            cleared += ComputationRun.objects.filter(pk=run.pk, status=run.status, updated_at=run.updated_at).update(
                status=ComputationRun.Status.FAILED,
                error=reason,
                finished_at=now,
                progress_note=FAILED_NOTE,
                updated_at=now,
            )
    return cleared


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
    run: ComputationRun | None = None,
):
    """Compute and store a run; returns (run, result or None when an existing run was reused).

    ``run`` is a run already claimed by the background task (``analytics.tasks``), computed
    with its stored parameters; without it a new running run is claimed here (the command, the
    demo), and ``ComputationBusy`` is raised while another one is active.

    ``reuse_same_inputs`` (the demo) keeps the latest successful run when the inputs, parameters
    and years are unchanged instead of storing a duplicate.
    """
    try:
        if run is not None:
            params = Parameters.from_dict(run.parameters or {})
            set_progress(run, LOADING)
        params = params or Parameters()
        schools, results, context = load_frames()
        digest = fingerprint(schools, results, context)
        wanted = sorted(int(y) for y in years) if years else sorted(int(y) for y in results["year"].unique())
        version = engine_version()
    except Exception as exc:
        if run is not None:
            _fail(run, exc)
        raise
    if reuse_same_inputs and run is None:
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
    inputs = {
        "parameters": params.to_dict(),
        "input_fingerprint": digest,
        "years": wanted,
        "engine_version": version,
        "schools": len(schools),
        "result_rows": len(results),
    }
    if run is None:
        run = claim_run(
            started_at=timezone.now(),
            user=user if user is not None and user.is_authenticated else None,
            source=source,
            status=ComputationRun.Status.RUNNING,
            progress=LOADING[0],
            progress_note=LOADING[1],
            **inputs,
        )
    else:
        for name, value in inputs.items():
            setattr(run, name, value)
        ComputationRun.objects.filter(pk=run.pk).update(**inputs)
    try:
        set_progress(run, COMPUTING)
        result = compute(schools, results, context, params=params, years=years)
        set_progress(run, STORING)
        with transaction.atomic():
            store_result(run, result)
            # Success even if the run was meanwhile given up as stale: its results are complete.
            run.status = ComputationRun.Status.SUCCESS
            run.error = ""
            run.finished_at = timezone.now()
            run.progress, run.progress_note = DONE
            run.save(update_fields=["status", "error", "finished_at", "progress", "progress_note", "updated_at"])
    except Exception as exc:
        _fail(run, exc)
        raise
    return run, result


def _fail(run: ComputationRun, exc: Exception) -> None:
    run.status = ComputationRun.Status.FAILED
    run.error = f"{type(exc).__name__}: {exc}"
    run.finished_at = timezone.now()
    run.progress_note = FAILED_NOTE
    run.save(update_fields=["status", "error", "finished_at", "progress_note", "updated_at"])


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
