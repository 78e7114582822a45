"""The index searched in the database: SQLite's FTS5 or PostgreSQL's full text, counted over columns.

The words are matched by the engine's own index over the project's roots (search/text.py): on
SQLite the FTS5 tables `search_bankentry_fts` (title and text) and `search_bankentry_title_fts`
(the title alone), on PostgreSQL `search_vector` and `title_vector` ('russian' configuration
plus the roots) through their GIN indexes. The engine answers which entries match; the rest is
done over the index's columns in the process's memory (search/columns.py), so a query that
matches most of a large bank costs no more than one that matches little:

- the facet counts: a value's count is the number of results matching the words, every *other*
  ticked facet and that value ("disjunctive" facets);
- the totals, the bank's share of a site search, and what dropping a ticked facet would find;
- the order of the results, and the page of them to show.

Relevance ranks in two steps (`ranked`). First the results with every word in the title, the
shortest titles first: that is bm25's order of them, each word being in a title once. Then the
rest by bm25 over title and text (ts_rank on PostgreSQL) while they are few enough to score
(RANKED_BY_TEXT); beyond that newest first, since a word in that many texts says little about
any one of them. The second step is reached only by a page past the title matches.

This index is the index of record (search/contract.py): it is always kept, whatever else is.
"""

import difflib
import json
import uuid
from itertools import islice

import numpy as np

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, transaction
from django.db.models import Value
from django.db.models.expressions import RawSQL

from .. import columns as index_columns
from .. import text as search_text
from ..contract import FACET_NAMES, SCOPE_BANK, BankResults, facet_list, relaxations
from ..models import BankEntry, BankFacet, BankWord, FacetLabel, IndexVersion
from ..snippets import snippet

FTS_TABLE = "search_bankentry_fts"
TITLE_FTS_TABLE = "search_bankentry_title_fts"
# bm25() weights of the FTS5 columns (title, body): a word in the title counts five times.
TITLE_WEIGHT = 5.0
# PostgreSQL limits a tsvector to 1 MB; this much text is plenty to rank a page by.
MAX_VECTOR_TEXT = 200_000
# Documents written per statement when indexing many (a rebuild).
BATCH_SIZE = 500
# Results without every word in the title that are scored by their text; scoring reads each
# one's text, about 1 ms per thousand on SQLite.
RANKED_BY_TEXT = 2_000
# Suggestions for a word in at most this many titles (SQLite) start from the title index.
SUGGESTIONS_NARROWED = 2_000


class DatabaseBackend:
    name = "database"

    def search(self, bank_query, *, suggest=True):
        roots = search_text.query_roots(bank_query.query)
        selected = {
            name: sorted(set(values)) for name, values in bank_query.filters.items() if name in FACET_NAMES and values
        }
        columns = index_columns.current()
        matched = columns.everything
        if roots:
            sql, params = matching_sql(bank_query.query, roots)
            matched = columns.matching((sql, *params), lambda: fetch_ids(sql, params))
        candidates = matched & (columns.in_bank if bank_query.scope == SCOPE_BANK else columns.everything)
        ticked = {name: columns.any_of(name, values) for name, values in selected.items()}

        def without(name):
            """The candidates with every ticked facet but `name`."""
            mask = candidates
            for other, column in ticked.items():
                if other != name:
                    mask = mask & column
            return mask

        found = without(None)
        total = int(np.count_nonzero(found))
        per_page = bank_query.per_page
        # A page past the end shows the last one.
        page = min(max(1, bank_query.page), max(1, -(-total // per_page)))
        positions = ranked(columns, found, bank_query, roots, (page - 1) * per_page, per_page)
        page_ids = columns.ids[positions].tolist()
        entries = BankEntry.objects.in_bulk(page_ids)
        results_obj = BankResults(
            total=total,
            results=[self._result(entries[pk], roots) for pk in page_ids if pk in entries],
            facets={},
            page=page,
            per_page=per_page,
            bank_total=int(np.count_nonzero(found & columns.in_bank)),
            backend=f"{self.name}:{connection.vendor}",
        )
        if bank_query.facets:
            results_obj.facets = facet_list(
                {name: columns.value_counts(name, without(name)) for name in FACET_NAMES},
                {name: set(values) for name, values in selected.items()},
                FacetLabel.mapping(),
            )
        if total == 0:
            available = {name: int(np.count_nonzero(without(name))) for name in selected}
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
        self._remove(list(documents))
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
                    title_length=min(len(search_text.words(document["title"])), 1000),
                    date=document["date"],
                    downloads=document["downloads"],
                    search_vector=search_vector(document["title"], body) if connection.vendor == "postgresql" else None,
                    title_vector=title_vector(document["title"]) if connection.vendor == "postgresql" else None,
                )
            )
            for name, pairs in document["facets"].items():
                for value, label in dict(pairs).items():
                    facets.append(BankFacet(entry_id=page_id, name=name, value=value))
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
        BankWord.objects.bulk_create([BankWord(word=word) for word in vocabulary], ignore_conflicts=True)
        if connection.vendor == "sqlite":
            _index_fts(documents.values())
            index_titles([(page_id, document["title"]) for page_id, document in documents.items()])

    def _remove(self, page_ids):
        """Delete these pages' entries with their facets and full-text rows; the index has a new version."""
        BankEntry.objects.filter(pk__in=page_ids).delete()
        if connection.vendor == "sqlite":
            placeholders = ", ".join(["%s"] * len(page_ids))
            with connection.cursor() as cursor:
                for table in (FTS_TABLE, TITLE_FTS_TABLE):
                    cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({placeholders})", page_ids)  # noqa: S608
        new_version()

    def delete_document(self, page_id):
        with transaction.atomic():
            self._remove([page_id])

    def rebuild(self, documents):
        with transaction.atomic():
            BankEntry.objects.all().delete()
            BankWord.objects.all().delete()
            FacetLabel.objects.all().delete()
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    for table in (FTS_TABLE, TITLE_FTS_TABLE):
                        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
            new_version()
            self.index_documents(documents)
        return BankEntry.objects.count()

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


def title_vector(title):
    """PostgreSQL: the title's words as search_vector has them, without its text."""
    title = search_text.normalise(title)
    return SearchVector(Value(title), config="russian") + SearchVector(
        Value(" ".join(search_text.derived_roots(title))), config="simple"
    )


def index_titles(rows, using=None):
    """SQLite: the title index's rows of (page id, title), for entries just written."""
    using = using or connection
    with using.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TITLE_FTS_TABLE} (rowid, title) VALUES (%s, %s)",  # noqa: S608
            [(page_id, " ".join(search_text.roots(title))) for page_id, title in rows],
        )


def new_version():
    """A new token for the index (search/columns.py): written with the change, in its transaction."""
    token = uuid.uuid4().hex
    if not IndexVersion.objects.update(token=token):
        IndexVersion.objects.create(token=token)


# --- the engine's part of a query --------------------------------------------------------------


def matching_sql(query, roots, *, title=False):
    """The SQL giving, as one text of ids, the entries whose text (or title) has every word of the query."""
    if connection.vendor == "postgresql":
        ts_query, params = postgres_query(query)
        vector = "title_vector" if title else "search_vector"
        return (
            f"SELECT {index_columns.id_list('page_id')} FROM search_bankentry WHERE {vector} @@ {ts_query}",  # noqa: S608
            params,
        )
    table = TITLE_FTS_TABLE if title else FTS_TABLE
    return f"SELECT {index_columns.id_list('rowid')} FROM {table} WHERE {table} MATCH %s", [fts_query(roots)]  # noqa: S608


def fetch_ids(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The index, never a test of every row: PostgreSQL prices a scan that unpacks each
            # row's vector from TOAST as if it were in the row, and it takes ten times as long.
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(sql, params)
        ids = index_columns.parse_ids(cursor.fetchone()[0])
        if connection.vendor == "postgresql":
            cursor.execute("RESET enable_seqscan")
        return ids


def text_scores(query, roots, page_ids):
    """{page id: relevance by title and text} of these entries, all of which match the query."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            ts_query, params = postgres_query(query)
            cursor.execute(
                f"SELECT page_id, ts_rank(search_vector, {ts_query}) FROM search_bankentry WHERE page_id = ANY(%s)",  # noqa: S608
                [*params, page_ids],
            )
        else:
            cursor.execute(
                f"SELECT rowid, -bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0) FROM {FTS_TABLE}"  # noqa: S608
                # "+rowid": FTS5 offered the ids would look each up and match it again.
                f" WHERE {FTS_TABLE} MATCH %s AND +rowid IN (SELECT value FROM json_each(%s))",
                [fts_query(roots), json.dumps(page_ids)],
            )
        return dict(cursor.fetchall())


def ranked(columns, found, bank_query, roots, offset, limit):
    """The positions of the results `offset` to `offset + limit` in the query's order."""
    sort = bank_query.sort if roots or bank_query.sort != "relevance" else "newest"
    if sort != "relevance":
        order = columns.most_downloaded if sort == "downloads" else columns.newest
        return columns.in_order(order, found)[offset : offset + limit]
    sql, params = matching_sql(bank_query.query, roots, title=True)
    titled = found & columns.matching((sql, *params), lambda: fetch_ids(sql, params))
    first = columns.in_order(columns.shortest_title, titled)
    if len(first) >= offset + limit:
        return first[offset : offset + limit]
    rest = found & ~titled
    if np.count_nonzero(rest) <= RANKED_BY_TEXT:
        positions = np.flatnonzero(rest)
        page_ids = columns.ids[positions].tolist()
        scores = text_scores(bank_query.query, roots, page_ids)
        relevance = np.array([scores.get(page_id, 0.0) for page_id in page_ids])
        rest_in_order = positions[np.lexsort((columns.newest_rank[positions], -relevance))]
    else:
        rest_in_order = columns.in_order(columns.newest, rest)
    return np.concatenate([first, rest_in_order])[offset : offset + limit]


def suggested_titles(typed, limit):
    """Titles of the bank's resources with, for each typed word, a word of the same root, the last typed
    word as a word's beginning: [{"title", "url"}], most downloaded first."""
    entries = BankEntry.objects.filter(in_bank=True)
    for word in typed[:-1]:
        entries = entries.filter(title_words__contains=f" {search_text.root(word)}")
    entries = entries.filter(title_words__contains=f" {typed[-1]}")
    # The title's full-text index narrows the titles to test; each word's root is a prefix there.
    stems = [search_text.root(word) for word in typed]
    if connection.vendor == "postgresql":
        # PostgreSQL weighs the GIN index against reading titles in the order of the suggestions.
        prefixes = " & ".join("'{}':*".format(stem.replace("'", "''").replace("\\", "\\\\")) for stem in stems)
        entries = entries.filter(title_vector=SearchQuery(prefixes, search_type="raw", config="simple"))
    else:
        # SQLite would look up every title the index gives: worth it only for words in few titles;
        # words in many are found soon enough reading the titles in the order of the suggestions.
        query = " ".join('"{}"*'.format(stem.replace('"', '""')) for stem in stems)
        sql, params = f"SELECT rowid FROM {TITLE_FTS_TABLE} WHERE {TITLE_FTS_TABLE} MATCH %s", [query]  # noqa: S608
        if count_rows(sql, params) <= SUGGESTIONS_NARROWED:
            entries = entries.filter(pk__in=RawSQL(sql, params))  # noqa: S611 - our SQL, the words bound
    return list(entries.order_by("-downloads", "title").values("title", "url")[:limit])


def count_rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) found", params)  # noqa: S608
        return cursor.fetchone()[0]
