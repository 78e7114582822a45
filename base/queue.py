"""The one background queue (DESIGN.md "Running in production").

Slow work of the portal is enqueued on the task backend named here, rows in the database run
by ``python manage.py db_worker --backend queue``: the recompute of the indices
(``analytics.tasks``), the delivery of every letter with its retries (``base.mail``: event and
survey reminders, consultation notices are letters too) and the search index's upkeep
(``search.indexing``). Wagtail's own upkeep (reference index, image renditions) stays on the
default backend, run at once, so pages never wait for a worker.

What must happen at a time, not on a request, is a management command run by the schedule
(cron or systemd timers, README "Расписание"); ``prune_finished`` is the queue's own duty there,
run by ``cleanup_stale_runs``.
"""

from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend

from django.core.management import call_command

BACKGROUND = "queue"

# Finished tasks (done or failed) stay this long for a look in the admin, then are deleted, so
# the queue's table holds weeks of work, not years.
KEEP_FINISHED_DAYS = 14


def prune_finished(days: int = KEEP_FINISHED_DAYS) -> bool:
    """Delete the queue's tasks that finished more than ``days`` days ago, with django-tasks-db's
    own ``prune_db_task_results``; tasks waiting or running are never touched.

    Returns False when the queue keeps no rows (a backend other than the database's, as in the
    tests' settings, where tasks run at once).
    """
    if not isinstance(task_backends[BACKGROUND], DatabaseBackend):
        return False
    call_command(
        "prune_db_task_results",
        *("--backend", BACKGROUND, "--queue-name", "*", "--min-age-days", str(days)),
        verbosity=0,
    )
    return True
