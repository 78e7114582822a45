"""The one background queue (DESIGN.md "Running in production").

Slow work of the portal (recompute now; e-mail, index upkeep and text extraction as they
arrive) is enqueued on the task backend named here, rows in the database run by
``python manage.py db_worker --backend queue``. Wagtail's own upkeep (reference index, image
renditions) stays on the default backend, run at once, so pages never wait for a worker.
"""

BACKGROUND = "queue"
