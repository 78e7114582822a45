"""Background work of the analytics app, on the project's one queue (django-tasks; run by
``python manage.py db_worker --backend queue`` with the database backend of the settings).

The recompute button queues a run and returns at once: the computation takes minutes on a real
region, longer than a request may, and a worker that dies can no longer leave a run "running"
for ever (``analytics.computation.clear_stale_runs``).
"""

from __future__ import annotations

from django_tasks import task

from django.utils import timezone

from analytics.computation import FAILED_NOTE, QUEUED, claim_run, engine_version, run_computation
from analytics.methodology import Parameters
from analytics.models import ComputationRun
from base.queue import BACKGROUND


@task(backend=BACKGROUND)
def recompute_indices(run_id: int) -> int | None:
    """Compute the queued run ``run_id``; returns its id, or None when it is no longer queued
    (marked failed as stale before a worker came to it, or taken by another worker)."""
    taken = ComputationRun.objects.filter(pk=run_id, status=ComputationRun.Status.QUEUED).update(
        status=ComputationRun.Status.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    if not taken:
        return None
    run_computation(run=ComputationRun.objects.get(pk=run_id))
    return run_id


def request_computation(*, user=None, source: str = "web") -> ComputationRun:
    """Queue a computation of every year with the default parameters and return its run.

    Raises ``analytics.computation.ComputationBusy`` while another run is queued or running:
    the database allows one at a time, so a second request enqueues nothing.
    """
    run = claim_run(
        started_at=timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        source=source,
        status=ComputationRun.Status.QUEUED,
        parameters=Parameters().to_dict(),
        engine_version=engine_version(),
        progress=QUEUED[0],
        progress_note=QUEUED[1],
    )
    try:
        result = recompute_indices.enqueue(run.pk)
    except Exception as exc:
        # Without its task the run would wait for nothing until the timeout: fail it now.
        ComputationRun.objects.filter(pk=run.pk, status=ComputationRun.Status.QUEUED).update(
            status=ComputationRun.Status.FAILED,
            error=f"Расчёт не поставлен в очередь: {type(exc).__name__}: {exc}",
            finished_at=timezone.now(),
            progress_note=FAILED_NOTE,
        )
        raise
    # Only the task id: with a fast worker (or the immediate backend of the tests) the run may
    # already have moved on, and its status must not be written back over.
    ComputationRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run
