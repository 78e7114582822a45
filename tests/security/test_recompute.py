"""Recompute as a background task: one computation at a time, decided by the database; a run whose
worker died is marked failed instead of "running" for ever; progress on the runs page; and the
names and raw errors of runs only for those who run computations.

The test settings run tasks at once (django-tasks' immediate backend); the tests marked
``worker`` use the database backend of production and its ``db_worker`` command.
"""

import threading
from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client, override_settings
from django.utils import timezone

from analytics.computation import ComputationBusy, clear_stale_runs, run_computation
from analytics.models import ComputationRun
from analytics.tasks import recompute_indices, request_computation
from analytics.views.common import latest_run
from tests.factories.analytics import municipal_specialist, region, regional_analyst

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "queue": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
RECOMPUTE = "/analytics/runs/recompute/"
RUNS = "/analytics/runs/"


@pytest.fixture
def place(home):
    return region()


@pytest.fixture
def analyst(client, place):
    client.force_login(regional_analyst(username="analyst-ivanova"))
    return client


def a_run(status, *, ago=timedelta(0), **fields):
    """A run in ``status`` whose last sign of life was ``ago``."""
    run = ComputationRun.objects.create(
        started_at=timezone.now() - ago, status=status, input_fingerprint="f" * 64, engine_version="test", **fields
    )
    ComputationRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - ago)
    run.refresh_from_db()
    return run


def ours():
    """The queued recompute tasks (Wagtail queues its own upkeep on the same queue)."""
    return DBTaskResult.objects.filter(task_path="analytics.tasks.recompute_indices")


def work_off_the_queue():
    call_command(
        "db_worker", "--backend", "queue", batch=True, startup_delay=False, interval=0, reload=False, verbosity=0
    )


# --- the queue --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_recompute_runs_the_computation_as_a_task_and_stores_each_stage(analyst, place, monkeypatch):
    import analytics.computation

    stages = []
    record = analytics.computation.set_progress

    def recording(run, stage):
        stages.append((stage, ComputationRun.objects.get(pk=run.pk).status))
        record(run, stage)

    monkeypatch.setattr(analytics.computation, "set_progress", recording)
    response = analyst.post(RECOMPUTE)
    assert response.status_code == 302
    run = latest_run()
    assert run != place.run and run.source == "web" and run.user.username == "analyst-ivanova"
    assert (run.status, run.progress, run.progress_note) == ("success", 100, "готово")
    assert run.task_id
    assert stages == [
        ((10, "загрузка данных"), "running"),
        ((30, "идёт расчёт индексов"), "running"),
        ((80, "сохранение результатов"), "running"),
    ]
    assert "выполнен" in analyst.get(RUNS).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_holds_the_run_until_the_worker_command_completes_it(analyst, place):
    """Production's backend: the request only queues; ``db_worker`` does the computation."""
    with override_settings(TASKS=DATABASE_QUEUE):
        response = analyst.post(RECOMPUTE, follow=True)
        run = ComputationRun.objects.exclude(pk=place.run.pk).get()
        assert (run.status, run.progress, run.progress_note) == ("queued", 0, "в очереди")
        assert "поставлен в очередь" in response.content.decode()
        task = ours().get()
        assert (str(task.id), task.status) == (run.task_id, "READY")
        page = analyst.get(RUNS).content.decode()
        assert "В очереди" in page and '<progress max="100" value="0">' in page
        assert latest_run() == place.run, "pages keep reading the last successful run meanwhile"

        # A second press while it waits queues nothing more.
        again = analyst.post(RECOMPUTE, follow=True).content.decode()
        assert "Уже есть незавершённый расчёт №" in again and "Новый расчёт не запущен" in again
        assert ComputationRun.objects.count() == 2 and ours().count() == 1

        work_off_the_queue()

    run.refresh_from_db()
    assert (run.status, run.progress, run.progress_note) == ("success", 100, "готово")
    assert run.finished_at is not None and run.years == place.years and run.schools == len(place.schools)
    assert run.rows.exists() and latest_run() == run
    assert ours().get().status == "SUCCESSFUL"
    assert "Готово" in analyst.get(RUNS).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_worker_died_is_marked_failed(analyst, place, monkeypatch):
    """The worker process ends in the middle (SystemExit, as on a forced stop): the task is over,
    the run would stay "running"; the runs page marks it failed and the next run may start."""

    def killed(**kwargs):
        raise SystemExit(1)

    with override_settings(TASKS=DATABASE_QUEUE):
        analyst.post(RECOMPUTE)
        monkeypatch.setattr("analytics.tasks.run_computation", killed)
        work_off_the_queue()
        run = ComputationRun.objects.exclude(pk=place.run.pk).get()
        assert run.status == "running"
        page = analyst.get(RUNS).content.decode()
        run.refresh_from_db()
        assert run.status == "failed" and run.progress_note == "ошибка"
        assert "обработчик очереди остановился" in run.error and run.error in page
        analyst.post(RECOMPUTE)
        assert ComputationRun.objects.filter(status="queued").count() == 1


@pytest.mark.django_db
def test_a_second_request_while_one_is_active_starts_nothing(analyst, place):
    running = a_run("running", progress=30, progress_note="идёт расчёт индексов")
    page = analyst.post(RECOMPUTE, follow=True).content.decode()
    assert f"Уже есть незавершённый расчёт №{running.pk}" in page
    assert ComputationRun.objects.count() == 2
    assert '<progress max="100" value="30">' in page and "идёт расчёт индексов" in page
    assert "disabled" in page.split('class="recompute-form"')[1].split("</form>")[0]


@pytest.mark.django_db
def test_the_database_refuses_a_second_active_run():
    a_run("queued")
    with pytest.raises(IntegrityError), transaction.atomic():
        a_run("running")
    with pytest.raises(ComputationBusy, match="Уже есть незавершённый расчёт"):
        request_computation(source="test")
    a_run("success")
    a_run("failed")
    assert ComputationRun.objects.count() == 3


@pytest.mark.django_db
def test_the_command_path_waits_its_turn_too(place):
    a_run("queued")
    with pytest.raises(ComputationBusy):
        run_computation(source="command")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel connections need PostgreSQL")
def test_parallel_requests_queue_one_run(place):
    """Eight requests at the same moment, each in its own connection: one run, one task."""
    user = regional_analyst()
    start = threading.Barrier(8)
    outcomes = []

    def press():
        client = Client()
        client.force_login(user)
        start.wait()
        try:
            outcomes.append(client.post(RECOMPUTE).status_code)
        finally:
            connection.close()

    with override_settings(TASKS=DATABASE_QUEUE):
        threads = [threading.Thread(target=press) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert outcomes == [302] * 8
    assert ComputationRun.objects.filter(status="queued").count() == 1
    assert ours().count() == 1


# --- stale runs -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_stale_runs_are_failed_with_a_reason_when_the_runs_page_is_shown(analyst):
    stuck = a_run("running", ago=timedelta(hours=3))
    page = analyst.get(RUNS).content.decode()
    stuck.refresh_from_db()
    assert stuck.status == "failed" and stuck.finished_at is not None
    assert stuck.error == "Расчёт прерван: 2 ч без признаков работы (обработчик очереди остановлен)."
    assert stuck.error in page


@pytest.mark.django_db
def test_a_stale_run_does_not_block_a_new_request(analyst, place):
    waiting = a_run("queued", ago=timedelta(hours=5))
    analyst.post(RECOMPUTE)
    waiting.refresh_from_db()
    assert waiting.status == "failed" and "не начался за 2 ч" in waiting.error and "db_worker" in waiting.error
    assert latest_run().source == "web"


@pytest.mark.django_db
def test_the_timeout_is_a_setting_and_live_runs_are_left_alone():
    quiet = a_run("running", ago=timedelta(minutes=45))
    assert clear_stale_runs() == 0
    with override_settings(COMPUTATION_TIMEOUT_MINUTES=30):
        assert clear_stale_runs() == 1
    quiet.refresh_from_db()
    assert quiet.status == "failed" and "30 мин" in quiet.error


@pytest.mark.django_db
def test_a_task_for_a_run_no_longer_queued_does_nothing():
    cleared = a_run("failed", error="Расчёт прерван")
    assert recompute_indices.call(cleared.pk) is None
    cleared.refresh_from_db()
    assert cleared.status == "failed"


@pytest.mark.django_db
def test_a_failing_computation_is_a_failed_run_with_its_error(analyst, place, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("матрица вырождена")

    monkeypatch.setattr("analytics.computation.compute", broken)
    page = analyst.post(RECOMPUTE, follow=True).content.decode()
    run = ComputationRun.objects.exclude(pk=place.run.pk).get()
    assert (run.status, run.progress_note, run.error) == ("failed", "ошибка", "ValueError: матрица вырождена")
    assert "не выполнен: ValueError: матрица вырождена" in page
    assert latest_run() == place.run


# --- who sees what on the runs page (issue 10, item 12) ---------------------------------------


@pytest.mark.django_db
def test_municipal_users_see_the_status_but_no_names_or_raw_errors(client, place):
    author = regional_analyst(username="analyst-petrova")
    a_run("failed", user=author, error="OperationalError: /srv/portal/db password=secret")
    client.force_login(municipal_specialist(place.municipalities[0]))
    page = client.get(RUNS).content.decode()
    assert "Ошибка" in page and "подробности — у регионального аналитика" in page
    assert "analyst-petrova" not in page and "OperationalError" not in page and "/srv/portal" not in page
    assert "Кто / источник" not in page


@pytest.mark.django_db
def test_analysts_see_who_ran_and_why_it_failed(analyst, place):
    author = regional_analyst(username="analyst-petrova")
    a_run("failed", user=author, error="OperationalError: база недоступна")
    page = analyst.get(RUNS).content.decode()
    assert "analyst-petrova" in page and "OperationalError: база недоступна" in page
