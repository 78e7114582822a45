"""The database backend's words go through each engine's own full-text index, and the counts
over the columns each process keeps follow every change of the index.

Speed is measured by benchmarks/bench_search.py; these tests pin the query shapes that let the
engines use their indexes (a shape that cannot use one is slow at any size) and the columns'
agreement with the rows they are read from.
"""

from datetime import UTC, datetime

import pytest

from django.db import connection, transaction

from search import columns
from search import text as search_text
from search.backends import database
from search.backends.database import DatabaseBackend, matching_sql
from search.contract import SCOPE_SITE, BankQuery

pytestmark = pytest.mark.django_db


def plan(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Few rows make a sequential scan cheapest; the index must still be usable.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


@pytest.mark.parametrize(("title", "index"), [(False, "search_bankentry"), (True, "search_bankentry_title")])
def test_words_are_matched_through_the_full_text_index(make_material, title, index):
    make_material("Ольховатский задачник", "Задачи по математике")
    query = "математический задачник"
    query_plan = plan(*matching_sql(query, search_text.query_roots(query), title=title))
    if connection.vendor == "postgresql":
        assert (
            f"Bitmap Index Scan on {index}_{'title_vector' if title else 'vector'}".replace("_title_title", "_title")
            in query_plan
        )
    else:
        assert f"SCAN {index}_fts VIRTUAL TABLE" in query_plan


def test_the_columns_are_read_again_after_every_change_of_the_index(make_material, refresh_index):
    material = make_material("Ольховатский задачник", "Задачи по математике", subjects=["mathematics"])
    refresh_index()
    backend = DatabaseBackend()
    before = columns.current()
    assert backend.search(BankQuery(query="ольховатский")).total == 1

    material.title = "Ольховатский сборник"
    material.save_revision().publish()
    after = columns.current()
    assert after is not before
    assert after.token != before.token
    found = backend.search(BankQuery(query="ольховатский сборник"))
    assert [result["title"] for result in found.results] == ["Ольховатский сборник"]
    assert backend.search(BankQuery(query="ольховатский задачник")).total == 0

    material.unpublish()
    assert backend.search(BankQuery(query="ольховатский", scope=SCOPE_SITE)).total == 0
    assert columns.current() is columns.current()


def test_a_rolled_back_change_leaves_no_columns_behind(make_material, refresh_index):
    refresh_index()
    assert DatabaseBackend().search(BankQuery(query="ольховатский")).total == 0
    with pytest.raises(RuntimeError), transaction.atomic():
        make_material("Ольховатский задачник", "Задачи по математике")
        assert DatabaseBackend().search(BankQuery(query="ольховатский")).total == 1
        raise RuntimeError
    assert DatabaseBackend().search(BankQuery(query="ольховатский")).total == 0


def test_title_matches_come_first_shortest_title_first_then_the_text_by_relevance(
    make_material, refresh_index, monkeypatch
):
    long_title = make_material("Ольховатский задачник для пятых и шестых классов", "Задачи")
    short_title = make_material("Ольховатский задачник", "Задачи")
    once = make_material(
        "Сборник упражнений", "Ольховатский опыт. Задачник учителя.", published_at=datetime(2024, 3, 1, tzinfo=UTC)
    )
    often = make_material(
        "Сборник заданий",
        "Ольховатский задачник. Ольховатский задачник для ольховатских школ.",
        published_at=datetime(2020, 3, 1, tzinfo=UTC),
    )
    refresh_index()

    def titles(**query):
        return [result["title"] for result in DatabaseBackend().search(BankQuery(**query)).results]

    assert titles(query="ольховатский задачник") == [short_title.title, long_title.title, often.title, once.title]
    # A page past the title matches ranks the rest by their text as well.
    assert titles(query="ольховатский задачник", per_page=1, page=3) == [often.title]

    # Too many of the rest to score by their text: they come newest first.
    monkeypatch.setattr(database, "RANKED_BY_TEXT", 1)
    assert titles(query="ольховатский задачник")[2:] == [once.title, often.title]
