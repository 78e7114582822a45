"""The index searched in the database: SQLite's FTS5 or PostgreSQL's full text, facets counted in SQL.

The words are matched by the engine's own index over the project's roots (search/text.py): on
SQLite the FTS5 table `search_bankentry_fts` ranked by bm25() with the title weighted higher, on
PostgreSQL `search_vector` ('russian' configuration plus the roots) through its GIN index.

One SQL statement answers a query. The entries of the scope that match the words are gathered
once (`matched`), each with its rank, its sort keys and `misses`, a bit mask of the ticked facets
it lacks. From them come the facet counts (a GROUP BY over their BankFacet rows), the totals and
the requested page. A value's count is the number of results matching the words, every *other*
ticked facet and that value ("disjunctive" facets): so an entry lacking nothing counts for every
value it has, and an entry lacking exactly one ticked facet counts for that facet's values only.
No row is carried into Python but the page's.

Where a facet's counts are over the whole bank (nothing typed, no other facet ticked: the bank's
most visited page) they are read from FacetLabel.bank_count, which indexing keeps.

This index is the index of record (search/contract.py): it is always kept, whatever else is.
"""

import difflib
from collections import Counter
from itertools import islice

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Count, F, Value

from .. import text as search_text
from ..contract import FACET_NAMES, SCOPE_BANK, BankResults, facet_list, relaxations
from ..models import BankEntry, BankFacet, BankWord, FacetLabel
from ..snippets import snippet

FTS_TABLE = "search_bankentry_fts"
# bm25() weights of the FTS5 columns (title, body): a word in the title counts five times.
TITLE_WEIGHT = 5.0
# PostgreSQL limits a tsvector to 1 MB; this much text is plenty to rank a page by.
MAX_VECTOR_TEXT = 200_000
# Documents written per statement when indexing many (a rebuild).
BATCH_SIZE = 500

# SQLite counts facets either by looking up each match's facets and sorting them by value, or by
# reading every facet row in value order and looking its entry up among the matches. The second
# wins once the matches are more than about 1/27 of the facet rows (measured at 100,000 entries).
FACETS_FIRST = 27

ORDER_BY = {
    "relevance": "rank DESC, day DESC, id DESC",
    "newest": "day DESC, id DESC",
    "downloads": "downloads DESC, day DESC, id DESC",
}


class DatabaseBackend:
    name = "database"

    def search(self, bank_query, *, suggest=True):
        roots = search_text.query_roots(bank_query.query)
        selected = {
            name: sorted(set(values)) for name, values in bank_query.filters.items() if name in FACET_NAMES and values
        }
        labels = list(FacetLabel.objects.values_list("name", "value", "label", "bank_count"))
        statement = Statement(bank_query, roots, selected, labels)
        per_page, page = bank_query.per_page, max(1, bank_query.page)
        totals, counts, page_ids = statement.run(per_page, page)
        total = totals.get(0, 0)
        last_page = max(1, -(-total // per_page))
        if page > last_page:
            # A page past the end shows the last one; the statement runs again only then.
            page = last_page
            _, _, page_ids = statement.run(per_page, page, facets=False)

        entries = BankEntry.objects.in_bulk(page_ids)
        results_obj = BankResults(
            total=total,
            results=[self._result(entries[pk], roots) for pk in page_ids if pk in entries],
            facets={},
            page=page,
            per_page=per_page,
            bank_total=totals.get("bank", total),
            backend=f"{self.name}:{connection.vendor}",
        )
        if bank_query.facets:
            for name in statement.stored:
                counts[name] = {value: number for facet, value, _, number in labels if facet == name and number}
            results_obj.facets = facet_list(
                counts,
                {name: set(values) for name, values in selected.items()},
                {(name, value): label for name, value, label, _ in labels},
            )
        if total == 0:
            available = {name: totals.get(statement.bits[name], 0) for name in selected}
            for name in set(selected) & set(statement.stored):
                # Without its own facet, the only one ticked, the query is the whole bank.
                available[name] = in_scope(SCOPE_BANK).count()
            results_obj.relaxations = relaxations(available, selected)
            if suggest and roots:
                results_obj.suggestion = self.suggestion(bank_query)
        return results_obj

    def _result(self, entry, roots):
        return {
            "page_id": entry.pk,
            "title": entry.title,
            "url": entry.url,
            "type": entry.type,
            "type_label": entry.type_label,
            "snippet": snippet(roots, entry.summary, entry.text, title=entry.title),
            "date": entry.date,
            "downloads": entry.downloads,
        }

    # --- upkeep ----------------------------------------------------------------------------

    def index_documents(self, documents):
        for batch in _batches(documents, BATCH_SIZE):
            with transaction.atomic():
                self._replace(batch)

    def _replace(self, documents):
        """Write these documents over whatever the index held of their pages."""
        documents = {document["page_id"]: document for document in documents}
        removed = self._remove(list(documents))
        entries, facets, labels, vocabulary = [], [], {}, set()
        for page_id, document in documents.items():
            body = " ".join([document["summary"], document["text"]])
            entries.append(
                BankEntry(
                    page_id=page_id,
                    title=document["title"],
                    url=document["url"],
                    in_bank=document["in_bank"],
                    type=document["type"],
                    type_label=document["type_label"],
                    summary=document["summary"],
                    text=document["text"],
                    title_words=" " + " ".join(search_text.words(document["title"])) + " ",
                    date=document["date"],
                    downloads=document["downloads"],
                    search_vector=search_vector(document["title"], body) if connection.vendor == "postgresql" else None,
                )
            )
            for name, pairs in document["facets"].items():
                for value, label in dict(pairs).items():
                    facets.append(BankFacet(entry_id=page_id, name=name, value=value, in_bank=document["in_bank"]))
                    labels[name, value] = label
            vocabulary.update(
                word for word in search_text.words(document["title"] + " " + body) if 3 <= len(word) <= 100
            )
        BankEntry.objects.bulk_create(entries)
        BankFacet.objects.bulk_create(facets)
        FacetLabel.objects.bulk_create(
            [FacetLabel(name=name, value=value, label=label) for (name, value), label in labels.items()],
            update_conflicts=True,
            unique_fields=["name", "value"],
            update_fields=["label"],
        )
        added = Counter((facet.name, facet.value) for facet in facets if facet.in_bank)
        _adjust_bank_counts(added, removed)
        BankWord.objects.bulk_create([BankWord(word=word) for word in vocabulary], ignore_conflicts=True)
        if connection.vendor == "sqlite":
            _index_fts(documents.values())

    def _remove(self, page_ids):
        """Delete these pages' entries, their facets and words; returns the bank counts they held."""
        held = Counter(
            {
                (name, value): number
                for name, value, number in BankFacet.objects.filter(entry_id__in=page_ids, in_bank=True)
                .values("name", "value")
                .annotate(number=Count("pk"))
                .values_list("name", "value", "number")
            }
        )
        BankEntry.objects.filter(pk__in=page_ids).delete()
        if connection.vendor == "sqlite":
            placeholders = ", ".join(["%s"] * len(page_ids))
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", page_ids)  # noqa: S608
        return held

    def delete_document(self, page_id):
        with transaction.atomic():
            _adjust_bank_counts(Counter(), self._remove([page_id]))

    def rebuild(self, documents):
        with transaction.atomic():
            BankEntry.objects.all().delete()
            BankWord.objects.all().delete()
            FacetLabel.objects.all().delete()
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
            self.index_documents(documents)
        return BankEntry.objects.count()

    def recount_facets(self):
        """Count the bank's facet values afresh: repairs counts after entries were deleted behind indexing's back."""
        with transaction.atomic():
            counts = {
                (name, value): number
                for name, value, number in BankFacet.objects.filter(in_bank=True)
                .values("name", "value")
                .annotate(number=Count("pk"))
                .values_list("name", "value", "number")
            }
            labels = list(FacetLabel.objects.select_for_update())
            for label in labels:
                label.bank_count = counts.get((label.name, label.value), 0)
            FacetLabel.objects.bulk_update(labels, ["bank_count"])

    def documents(self):
        """The indexed documents back, as the contract shapes them: what mirrors are rebuilt from."""
        labels = FacetLabel.mapping()
        for entry in BankEntry.objects.prefetch_related("facets").iterator(chunk_size=BATCH_SIZE):
            facets = {name: [] for name in FACET_NAMES}
            for facet in entry.facets.all():
                if facet.name in facets:
                    facets[facet.name].append((facet.value, labels.get((facet.name, facet.value), facet.value)))
            yield {
                "page_id": entry.pk,
                "in_bank": entry.in_bank,
                "title": entry.title,
                "url": entry.url,
                "type": entry.type,
                "type_label": entry.type_label,
                "summary": entry.summary,
                "text": entry.text,
                "facets": facets,
                "date": entry.date,
                "downloads": entry.downloads,
            }

    def suggestion(self, bank_query):
        """A respelt query that finds something, from words seen in the index, or ""."""
        changed, corrected = False, []
        for word in search_text.words(search_text.clean_query(bank_query.query)):
            if word in search_text.STOP_WORDS or len(word) < 3:
                corrected.append(word)
                continue
            candidates = BankWord.objects.filter(
                word__startswith=word[0],
            ).values_list("word", flat=True)
            close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.7)
            if close and close[0] != word:
                corrected.append(close[0])
                changed = True
            else:
                corrected.append(word)
        if not changed:
            return ""
        suggestion = " ".join(corrected)
        retry = type(bank_query)(
            query=suggestion, filters=bank_query.filters, per_page=1, scope=bank_query.scope, facets=False
        )
        return suggestion if self.search(retry, suggest=False).total else ""


class Statement:
    """The SQL of one query: `matched` (a CTE) and what is read from it.

    Each ticked facet has a bit; an entry's `misses` has the bits of the ticked facets it lacks.
    `matched` keeps the entries lacking nothing (the results) and, for each ticked facet counted
    here, those lacking only it: they count for its values, and say how many results dropping it
    would give.
    """

    def __init__(self, bank_query, roots, selected, labels):
        self.selected, self.scope = selected, bank_query.scope
        # A facet counted over the whole bank is read from the stored counts, not from the rows.
        whole_bank = not roots and self.scope == SCOPE_BANK
        self.stored = [name for name in FACET_NAMES if whole_bank and set(selected) <= {name}]
        self.counted = [name for name in FACET_NAMES if name not in self.stored] if bank_query.facets else []
        sort = bank_query.sort if roots or bank_query.sort != "relevance" else "newest"
        self.order = ORDER_BY.get(sort, ORDER_BY["relevance"])
        self.browse = not roots
        self.bits = {name: 1 << number for number, name in enumerate(selected)}
        kept = [0] + [self.bits[name] for name in selected if name not in self.stored]
        # Ranking every match is a query's dearest part: done only when the results are sorted by it.
        self.matched_sql, self.matched_params = self._matched(bank_query.query, roots, sort == "relevance", kept)
        self.facets_first = False
        if connection.vendor == "sqlite" and roots and self.counted:
            self.facets_first = FACETS_FIRST * fts_count(roots) > sum(label[3] for label in labels)

    def _matched(self, query, roots, ranked, kept):
        if not roots:
            source, where, params = "search_bankentry e", ["1 = 1"], []
            rank, rank_params = "0.0", []
        elif connection.vendor == "postgresql":
            ts_query, query_params = postgres_query(query)
            source, where, params = "search_bankentry e", [f"e.search_vector @@ {ts_query}"], list(query_params)
            rank, rank_params = f"ts_rank(e.search_vector, {ts_query})", list(query_params)
            if not ranked:
                rank, rank_params = "0.0", []
        else:
            # The covering index gives the scope and sort keys of every match without the long text.
            source = (
                f"{FTS_TABLE} JOIN search_bankentry e INDEXED BY search_bankentry_row ON e.page_id = {FTS_TABLE}.rowid"
            )
            where, params = [f"{FTS_TABLE} MATCH %s"], [fts_query(roots)]
            rank, rank_params = f"-bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0)" if ranked else "0.0", []
        if self.scope == SCOPE_BANK:
            where.append("e.in_bank = %s")
            params.append(True)

        conditions = {}
        for name, values in self.selected.items():
            placeholders = ", ".join(["%s"] * len(values))
            conditions[name] = (
                f"e.page_id IN (SELECT entry_id FROM search_bankfacet WHERE name = %s AND value IN ({placeholders}))",  # noqa: S608
                [name, *values],
            )
        columns = f"e.page_id AS id, {rank} AS rank, e.date AS day, e.downloads AS downloads, e.in_bank AS in_bank"
        if kept == [0]:
            # Only the results are wanted: the ticked facets simply filter.
            for condition, condition_params in conditions.values():
                where.append(condition)
                params += condition_params
            sql = f"SELECT {columns}, 0 AS misses FROM {source} WHERE {' AND '.join(where)}"  # noqa: S608
            return sql, rank_params + params
        misses, misses_params = [], []
        for name, (condition, condition_params) in conditions.items():
            misses.append(f"CASE WHEN {condition} THEN 0 ELSE {self.bits[name]} END")
            misses_params += condition_params
        sql = (
            f"SELECT * FROM (SELECT {columns}, {' + '.join(misses)} AS misses FROM {source} WHERE {' AND '.join(where)})"  # noqa: E501, S608
            f" candidates WHERE misses IN ({', '.join(str(bit) for bit in kept)})"
        )
        return sql, rank_params + misses_params + params

    def run(self, per_page, page, *, facets=True):
        """({misses: entries}, {name: {value: count}}, page ids in order) in one round trip."""
        totals, counts, results = {}, {name: {} for name in self.counted}, []
        with connection.cursor() as cursor:
            cursor.execute(*self.sql(per_page, page, facets=facets))
            for kind, name, value, number, position in cursor.fetchall():
                if kind == "facet":
                    if name in counts:
                        counts[name][value] = number
                elif kind == "total":
                    totals[position] = number
                elif kind == "bank":
                    totals["bank"] = number
                else:
                    results.append((position, number))
        return totals, counts, [page_id for _, page_id in sorted(results)]

    def sql(self, per_page, page, *, facets=True):
        """The statement and its parameters: rows of (kind, name, value, number, position)."""
        parts, params = [], list(self.matched_params)
        if facets and self.counted:
            # Every name is counted (reading an entry's facets by name would cost a lookup per
            # name); run() keeps the counted ones. An entry lacking one ticked facet counts for
            # that facet's values only.
            only_lacking = " ".join("WHEN %s THEN %s" for _ in self.bits)
            # SQLite reads the left side of a CROSS JOIN first (see FACETS_FIRST); PostgreSQL
            # plans it as any join, from its own estimates.
            tables = (
                "search_bankfacet f CROSS JOIN matched"
                if self.facets_first
                else "matched CROSS JOIN search_bankfacet f"
            )
            condition = f"matched.misses = 0 OR matched.misses = CASE f.name {only_lacking} ELSE -1 END"
            parts.append(
                f"SELECT 'facet', f.name, f.value, COUNT(*), 0 FROM {tables}"  # noqa: S608
                f" WHERE f.entry_id = matched.id AND ({condition if self.bits else '1 = 1'})"
                " GROUP BY f.name, f.value"
            )
            for name, bit in self.bits.items():
                params += [name, bit]
        if self.bits:
            parts.append("SELECT 'total', '', '', COUNT(*), misses FROM matched GROUP BY misses")
        else:
            parts.append("SELECT 'total', '', '', COUNT(*), 0 FROM matched")
        if self.scope != SCOPE_BANK:
            # The site search says how many of its results the bank holds.
            parts.append("SELECT 'bank', '', '', COUNT(*), 0 FROM matched WHERE misses = 0 AND in_bank = %s")
            params.append(True)
        order = self.order
        parts.append(
            f"SELECT 'result', '', '', id, ROW_NUMBER() OVER (ORDER BY {order})"  # noqa: S608
            f" FROM (SELECT * FROM matched WHERE misses = 0 ORDER BY {order} LIMIT %s OFFSET %s) page"
        )
        params += [per_page, (page - 1) * per_page]
        # Gathered once for every part; but a browse (no words) that counts nothing here reads the
        # entries twice instead, since the count and the sorted page each have an index to use.
        gathered = "NOT MATERIALIZED" if self.browse and not (facets and self.counted) else "MATERIALIZED"
        return f"WITH matched AS {gathered} ({self.matched_sql}) " + " UNION ALL ".join(parts), params


def in_scope(scope):
    """The entries a query in `scope` searches: the bank's resources, or every indexed page."""
    return BankEntry.objects.filter(in_bank=True) if scope == SCOPE_BANK else BankEntry.objects.all()


def fts_count(roots):
    """How many entries of every scope contain all the roots: FTS5 counts them from its index alone."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts_query(roots)])  # noqa: S608
        return cursor.fetchone()[0]


def fts_query(roots):
    """An FTS5 query requiring every root: each a quoted string, so no root is read as syntax (AND, NEAR, *)."""
    return " ".join('"{}"'.format(root.replace('"', '""')) for root in roots)


def postgres_query(query):
    """Every meaningful word must match, by the 'russian' configuration or by the project's root: (SQL, params)."""
    query_words = search_text.words(search_text.clean_query(query))
    meaningful = [word for word in query_words if word not in search_text.STOP_WORDS] or query_words
    parts, params = [], []
    for word in dict.fromkeys(meaningful):
        parts.append("(plainto_tsquery('russian', %s) || plainto_tsquery('simple', %s))")
        params += [word, search_text.root(word)]
    return "(" + " && ".join(parts) + ")", params


def _batches(items, size):
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def _adjust_bank_counts(added, removed):
    """Add what was indexed to the stored bank counts and take away what was removed."""
    for (name, value), delta in (added - removed).items():
        FacetLabel.objects.filter(name=name, value=value).update(bank_count=F("bank_count") + delta)
    for (name, value), delta in (removed - added).items():
        FacetLabel.objects.filter(name=name, value=value).update(bank_count=F("bank_count") - delta)


def _index_fts(documents):
    """SQLite: the FTS5 rows of these (just written) entries, the roots of their title and text."""
    rows = [
        (document["page_id"], document["title"], " ".join([document["summary"], document["text"]]))
        for document in documents
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
            [
                (page_id, " ".join(search_text.roots(title)), " ".join(search_text.roots(body)))
                for page_id, title, body in rows
            ],
        )


def search_vector(title, body):
    """PostgreSQL: the 'russian' configuration plus the roots it does not make itself (weights: title A,
    text B). Each lexeme there once is a smaller vector, and every match's vector is read to rank it."""
    title, body = search_text.normalise(title), search_text.normalise(body)[:MAX_VECTOR_TEXT]
    return (
        SearchVector(Value(title), config="russian", weight="A")
        + SearchVector(Value(" ".join(search_text.derived_roots(title))), config="simple", weight="A")
        + SearchVector(Value(body), config="russian", weight="B")
        + SearchVector(Value(" ".join(search_text.derived_roots(body))), config="simple", weight="B")
    )
