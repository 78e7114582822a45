"""``cleanup_stale_runs``, the hourly duty of the background queue: a computation left by a dead
or never started worker is marked failed even when no one opens the runs page, and finished
tasks leave the queue's table after a while, so it does not grow for ever."""

import io
from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from analytics.models import ComputationRun
from base.mail import deliver_email

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "queue": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


def a_run(status, *, silent_for=timedelta(0)):
    """A run in ``status`` whose last sign of life was ``silent_for`` ago."""
    run = ComputationRun.objects.create(
        started_at=timezone.now() - silent_for, status=status, input_fingerprint="f" * 64, engine_version="test"
    )
    ComputationRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - silent_for)
    return run


def cleanup(*args) -> str:
    out = io.StringIO()
    call_command("cleanup_stale_runs", *args, stdout=out)
    return out.getvalue()


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
    assert cleanup().startswith("Расчётов отмечено сбойными: 1;")
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
    assert cleanup().startswith("Расчётов отмечено сбойными: 0;")
    working.refresh_from_db()
    assert working.status == "running"
    with override_settings(COMPUTATION_TIMEOUT_MINUTES=30):
        cleanup()
    working.refresh_from_db()
    assert working.status == "failed" and "30 мин" in working.error


@override_settings(TASKS=DATABASE_QUEUE)
def test_finished_tasks_leave_the_queue_after_the_days_kept_and_the_rest_stays():
    a_task("SUCCESSFUL", days_ago=15)
    a_task("FAILED", days_ago=15)
    recent_done = a_task("SUCCESSFUL", days_ago=13)
    # Never finished: a letter waiting for its retry, a task of a worker that was killed.
    waiting, abandoned = a_task("READY", days_ago=30), a_task("RUNNING", days_ago=30)

    assert "завершённые задачи очереди старше 14 дн. удалены" in cleanup()
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {recent_done, waiting, abandoned}

    cleanup("--days", "7")
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {waiting, abandoned}


def test_without_a_database_queue_there_is_nothing_to_prune():
    assert "очередь не хранит задач" in cleanup()


def test_a_negative_number_of_days_is_refused():
    with pytest.raises(CommandError, match="не может быть отрицательным"):
        cleanup("--days", "-1")
