"""Index upkeep on the background queue: the database index at once, attachments and mirrors after,
and a mirror's outage retried until the mirror holds every change.

The mirror here is an in-memory stand-in for Elasticsearch that can be taken down; the database
and the queue are real. The test settings run tasks at once (django-tasks' immediate backend);
the test marked `transaction=True` uses production's database queue and its `db_worker` command.
"""

from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from practices.models import MaterialType
from search import indexing
from search.contract import BackendUnavailable
from search.models import PendingIndexUpdate
from tests.factories.library import make_document

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "queue": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


class Mirror:
    """A mirror of the database index, as Elasticsearch is one, kept in memory."""

    name = "test-mirror"

    def __init__(self):
        self.documents, self.down = {}, False

    def _answer(self):
        if self.down:
            raise BackendUnavailable("ConnectionError")

    def index_documents(self, documents):
        self._answer()
        self.documents.update((document["page_id"], document) for document in documents)

    def delete_document(self, page_id):
        self._answer()
        self.documents.pop(page_id, None)


@pytest.fixture
def mirror(monkeypatch):
    mirror = Mirror()
    # Index upkeep writes to it; searches keep reading the database.
    monkeypatch.setattr(indexing, "mirror_backends", lambda: [mirror])
    return mirror


def found(search_json, query):
    return {result["title"] for result in search_json(query)["results"]}


def titles(mirror):
    """The mirror's resources of these tests (the home page and the sections are indexed too)."""
    return {document["title"] for document in mirror.documents.values() if document["title"].startswith("Ольховат")}


@pytest.mark.django_db
def test_a_mirror_outage_is_retried_until_the_mirror_holds_every_change(mirror, make_material, search_json):
    kept = make_material("Ольховатский кружок", "ольховатский")
    withdrawn = make_material("Ольховатский архив", "ольховатский")
    assert titles(mirror) == {"Ольховатский кружок", "Ольховатский архив"}
    assert not PendingIndexUpdate.objects.exists()

    mirror.down = True
    added = make_material("Ольховатский семинар", "ольховатский")
    withdrawn.unpublish()
    kept.title = "Ольховатский кружок юных математиков"
    kept.save_revision().publish()

    # The database index, which the site searches, took every change at once ...
    assert found(search_json, "ольховатский") == {"Ольховатский кружок юных математиков", "Ольховатский семинар"}
    # ... the mirror lags behind, and each lag is recorded with its error for a retry.
    assert titles(mirror) == {"Ольховатский кружок", "Ольховатский архив"}
    pending = {update.page_id: update for update in PendingIndexUpdate.objects.all()}
    assert set(pending) == {kept.pk, withdrawn.pk, added.pk}
    for update in pending.values():
        assert (update.attempts, update.last_error) == (1, "BackendUnavailable: ConnectionError")
        assert update.next_attempt_at > timezone.now()

    # Not due yet: the scheduled command leaves them to their time.
    call_command("sync_search_index", verbosity=0)
    assert PendingIndexUpdate.objects.count() == 3
    # Due, but the mirror is still down: each attempt waits longer than the one before.
    later = timezone.now() + timedelta(hours=1)
    assert indexing.retry_due(now=later) == {"done": 0, "failed": 3}
    for update in PendingIndexUpdate.objects.all():
        assert update.attempts == 2
        assert update.next_attempt_at - pending[update.page_id].next_attempt_at > timedelta(minutes=1)

    mirror.down = False
    assert indexing.retry_due(now=later + timedelta(hours=2)) == {"done": 3, "failed": 0}
    assert titles(mirror) == {"Ольховатский кружок юных математиков", "Ольховатский семинар"}
    assert not PendingIndexUpdate.objects.exists()


@pytest.mark.django_db
def test_a_withdrawn_page_leaves_a_mirror_at_once_without_waiting_for_the_queue(mirror, make_material, settings):
    page = make_material("Ольховатский отчёт", "ольховатский")
    # A queue busy with something long (a recompute) runs nothing meanwhile.
    settings.TASKS = {**DATABASE_QUEUE, "queue": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    page.unpublish()
    assert titles(mirror) == set()
    assert not PendingIndexUpdate.objects.filter(page_id=page.pk).exists(), "nothing is left to the queue"


@pytest.mark.django_db(transaction=True)
def test_through_the_database_queue_attachments_are_read_and_a_failed_mirror_update_comes_back(
    mirror, make_material, search_json
):
    def work_off_the_queue():
        call_command(
            "db_worker", "--backend", "queue", batch=True, startup_delay=False, interval=0, reload=False, verbosity=0
        )

    def ours():
        return DBTaskResult.objects.filter(task_path="search.indexing.update_page_index")

    with override_settings(TASKS=DATABASE_QUEUE):
        mirror.down = True
        pdf = make_document("Положение", "polozhenie.pdf", "Положение о ольховатском наставничестве")
        # The types seeded by migrations are gone once an earlier test that commits
        # (transaction=True) has flushed the tables.
        MaterialType.objects.get_or_create(slug="guidelines", defaults={"name": "Методические рекомендации"})
        page = make_material("Пакет документов", "Документы во вложениях.", files=[pdf])

        # The request only wrote the page's entry: found by its title, not yet by its file.
        assert found(search_json, "пакет документов") == {"Пакет документов"}
        assert found(search_json, "ольховатское наставничество") == set()
        assert ours().get().status == "READY"

        work_off_the_queue()
        assert found(search_json, "ольховатское наставничество") == {"Пакет документов"}
        # The mirror was down: the attempt is kept as failed, and the task is queued again for later.
        assert ours().filter(status="FAILED").count() == 1
        retry = ours().get(status="READY")
        assert retry.run_after == PendingIndexUpdate.objects.get(page_id=page.pk).next_attempt_at
        work_off_the_queue()
        assert ours().get(status="READY") == retry, "not run before its time"

        mirror.down = False
        ours().filter(pk=retry.pk).update(run_after=timezone.now())  # its time has come
        work_off_the_queue()
        assert ours().get(pk=retry.pk).status == "SUCCESSFUL"
        assert "ольховатском наставничестве" in mirror.documents[page.pk]["text"]
        assert not PendingIndexUpdate.objects.exists()
