"""Updating a site whose bank was indexed before the title index: the migration indexes every
existing title, so the bank ranks and suggests at once, before any rebuild."""

import pytest

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from practices.models import MaterialType
from search.backends.database import DatabaseBackend
from search.contract import BankQuery

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("search", "0004_pending_index_updates")]
AFTER = [("search", "0005_title_index_and_index_version")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_entries_indexed_before_get_their_title_index_and_length(make_material):
    # The types seeded by migrations are gone once an earlier test that commits has flushed them.
    MaterialType.objects.get_or_create(slug="guidelines", defaults={"name": "Методические рекомендации"})
    make_material("Ольховатский задачник по геометрии", "Задачи по геометрии для седьмого класса")
    page_id = DatabaseBackend().search(BankQuery(query="ольховатский")).results[0]["page_id"]
    try:
        migrate(BEFORE)
        if connection.vendor == "sqlite":
            # What 0005 creates is gone on the way back; the entry and its text index stay.
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'search_bankentry_title_fts'")
                assert cursor.fetchone()[0] == 0
        apps = migrate(AFTER)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    entry = apps.get_model("search", "BankEntry").objects.get(pk=page_id)
    assert entry.title_length == 4
    assert apps.get_model("search", "IndexVersion").objects.count() == 1
    found = DatabaseBackend().search(BankQuery(query="ольховатская геометрия"))
    assert [result["page_id"] for result in found.results] == [page_id]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid FROM search_bankentry_title_fts WHERE title MATCH 'ольховат*'")
        else:
            cursor.execute("SELECT page_id FROM search_bankentry WHERE title_vector @@ 'ольховат:*'::tsquery")
        assert [row[0] for row in cursor.fetchall()] == [page_id]
