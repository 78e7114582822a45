"""The scheduled duties of the background queue: ``cleanup_stale_runs`` (hourly) marks failed a
computation left by a dead or never started worker even when no one opens the runs page, and
``prune_db_task_results`` as the schedule runs it (daily) deletes finished tasks after 30 days,
so the queue's table does not grow for ever, and never a task still waiting or running."""

import io
import shlex
from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from analytics.models import ComputationRun
from base.mail import deliver_email

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "queue": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# As systemd runs it (no shell: the "*" reaches the command as it is).
SCHEDULED_PRUNE = "prune_db_task_results --backend queue --queue-name * --min-age-days 30"


def a_run(status, *, silent_for=timedelta(0)):
    """A run in ``status`` whose last sign of life was ``silent_for`` ago."""
    run = ComputationRun.objects.create(
        started_at=timezone.now() - silent_for, status=status, input_fingerprint="f" * 64, engine_version="test"
    )
    ComputationRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - silent_for)
    return run


def cleanup() -> str:
    out = io.StringIO()
    call_command("cleanup_stale_runs", stdout=out)
    return out.getvalue()


def prune_as_scheduled():
    """The line of the schedule (README, deploy/systemd/portal-prune-tasks.service)."""
    call_command(*shlex.split(SCHEDULED_PRUNE), verbosity=0)


def a_task(status, *, days_ago=0):
    """A letter's delivery queued through the database queue, then moved to ``status`` as the
    worker would have ``days_ago`` days ago."""
    when = timezone.now() - timedelta(days=days_ago)
    task = DBTaskResult.objects.get(id=deliver_email.enqueue(1).id)
    finished = when if status in ("SUCCESSFUL", "FAILED") else None
    started = when if status != "READY" else None
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=status, enqueued_at=when, started_at=started, finished_at=finished
    )
    return task.pk


def test_a_run_silent_past_the_timeout_is_marked_failed_without_anyone_looking():
    stuck = a_run("running", silent_for=timedelta(hours=3))
    assert cleanup() == "Расчётов отмечено сбойными: 1.\n"
    stuck.refresh_from_db()
    assert stuck.status == "failed" and stuck.finished_at is not None
    assert stuck.error == "Расчёт прерван: 2 ч без признаков работы (обработчик очереди остановлен)."


def test_a_queued_run_no_worker_took_is_marked_failed_with_the_reason():
    waiting = a_run("queued", silent_for=timedelta(hours=2, minutes=5))
    cleanup()
    waiting.refresh_from_db()
    assert waiting.status == "failed" and "db_worker --backend queue" in waiting.error


def test_a_run_within_the_timeout_is_left_alone_and_the_timeout_is_the_setting():
    working = a_run("running", silent_for=timedelta(minutes=45))
    assert cleanup() == "Расчётов отмечено сбойными: 0.\n"
    working.refresh_from_db()
    assert working.status == "running"
    with override_settings(COMPUTATION_TIMEOUT_MINUTES=30):
        cleanup()
    working.refresh_from_db()
    assert working.status == "failed" and "30 мин" in working.error


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_run_whose_task_ended_without_finishing_it_is_marked_failed_at_once():
    """The worker stopped in the middle (a deploy, a forced stop): the run is still "running",
    its task is over; no need to wait for the timeout."""
    run = a_run("running", silent_for=timedelta(minutes=5))
    ComputationRun.objects.filter(pk=run.pk).update(task_id=str(a_task("FAILED")))
    assert cleanup() == "Расчётов отмечено сбойными: 1.\n"
    run.refresh_from_db()
    assert run.status == "failed" and "обработчик очереди остановился" in run.error


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_schedule_prunes_finished_tasks_after_30_days_and_keeps_the_rest():
    a_task("SUCCESSFUL", days_ago=31)
    a_task("FAILED", days_ago=31)
    recent_done, recent_failed = a_task("SUCCESSFUL", days_ago=29), a_task("FAILED", days_ago=29)
    # Never finished: a letter waiting for its retry, a task of a worker that was killed.
    waiting, abandoned = a_task("READY", days_ago=60), a_task("RUNNING", days_ago=60)

    prune_as_scheduled()
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {recent_done, recent_failed, waiting, abandoned}
