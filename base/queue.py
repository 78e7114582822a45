"""The one background queue (DESIGN.md "Running in production").

Slow work of the portal is enqueued on the task backend named here, rows in the database run
by ``python manage.py db_worker --backend queue``: the recompute of the indices
(``analytics.tasks``), the delivery of every letter with its retries (``base.mail``: event and
survey reminders, consultation notices are letters too) and the search index's upkeep
(``search.indexing``). Wagtail's own upkeep (reference index, image renditions) stays on the
default backend, run at once, so pages never wait for a worker.

What must happen at a time, not on a request, is a management command run by the schedule
(systemd timers, README): among them django-tasks-db's ``prune_db_task_results``, which deletes
the queue's old finished tasks, and ``cleanup_stale_runs``, which fails computations whose
worker died.
"""

BACKGROUND = "queue"
