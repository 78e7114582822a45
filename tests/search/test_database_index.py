"""The database backend's words go through each engine's own full-text index.

Speed is measured by benchmarks/bench_search.py; these tests only pin the query shapes that let
the engines use their indexes (a shape that cannot use one is slow at any size).
"""

import pytest

from django.db import connection, transaction

from search import text as search_text
from search.backends.database import Statement
from search.contract import SCOPE_SITE, BankQuery

pytestmark = pytest.mark.django_db


def plan(bank_query):
    roots = search_text.query_roots(bank_query.query)
    sql, params = Statement(bank_query, roots, bank_query.filters, labels=[]).sql(10, 1)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Few rows make a sequential scan cheapest; the index must still be usable.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


def test_words_are_matched_through_the_full_text_index(make_material):
    make_material("Ольховатский задачник", "Задачи по математике")
    # The site's scope: no other condition offers PostgreSQL an index to prefer on so few rows.
    query_plan = plan(BankQuery(query="математический задачник", scope=SCOPE_SITE, facets=False))
    if connection.vendor == "postgresql":
        assert "Bitmap Index Scan on search_bankentry_vector" in query_plan
    else:
        assert "SCAN search_bankentry_fts VIRTUAL TABLE" in query_plan
        # The scope and the sort keys come from the covering index, not the rows with their text.
        assert "COVERING INDEX search_bankentry_row" in query_plan
