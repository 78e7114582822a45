"""The database index as columns in each process's memory: what a query counts and sorts by.

A word query on a bank of 100,000 resources can match most of it. Counting its facets and
sorting it row by row in SQL reads every match several times and cannot stay within the time a
search page has; counting over columns can. So each process keeps, as numpy arrays indexed by
an entry's position (entries in page id order): the scope, the sort keys, the title's length
and one true/false column per facet value. The engine (FTS5, PostgreSQL's GIN) still finds the
words; what it returns is kept here too, per query, as a column of the entries it matched.

The columns are read again when the index changes: every write gives `IndexVersion` a new
token (search/backends/database.py), and each search first reads the token, one small query.
"""

import threading
from collections import OrderedDict

import numpy as np

from django.db import connection

from .models import IndexVersion

# Matches of different queries kept per process: a byte per entry each (120 KB at 120,000 pages).
KEPT_MATCHES = 200


class IndexColumns:
    def __init__(self, token, entries, facets):
        """`entries`: (page id, in bank, day number, downloads, title length) in page id order;
        `facets`: (name, value, page ids)."""
        self.token = token
        ids, in_bank, days, downloads, title_lengths = np.array(entries, dtype=np.int64).reshape(-1, 5).T
        self.ids = ids
        self.size = len(self.ids)
        self.in_bank = in_bank.astype(bool)
        self.everything = np.ones(self.size, dtype=bool)
        # Page id -> position (-1: not indexed); page ids are dense enough for a lookup table.
        self.position_of = np.full(int(ids.max()) + 1 if self.size else 0, -1, dtype=np.int32)
        self.position_of[ids] = np.arange(self.size)
        # np.lexsort sorts by its last key first; ids break ties, newest (highest) first.
        self.newest = np.lexsort((-self.ids, -days))
        self.most_downloaded = np.lexsort((-self.ids, -days, -downloads))
        newest_rank = np.empty(self.size, dtype=np.int64)
        newest_rank[self.newest] = np.arange(self.size)
        self.newest_rank = newest_rank
        self.shortest_title = np.lexsort((newest_rank, title_lengths))
        self.facets = {}
        for name, value, page_ids in facets:
            self.facets.setdefault(name, {})[value] = self.mask(page_ids)
        self._matches = OrderedDict()
        self._lock = threading.Lock()

    def mask(self, page_ids):
        """A column true at the entries of these page ids (ids the columns do not hold are ignored)."""
        mask = np.zeros(self.size, dtype=bool)
        page_ids = np.asarray(page_ids, dtype=np.int64)
        page_ids = page_ids[(page_ids >= 0) & (page_ids < len(self.position_of))]
        positions = self.position_of[page_ids]
        mask[positions[positions >= 0]] = True
        return mask

    def matching(self, key, fetch):
        """The entries an engine query matched: `fetch()` gives their page ids the first time `key` is asked."""
        with self._lock:
            if key in self._matches:
                self._matches.move_to_end(key)
                return self._matches[key]
        mask = self.mask(fetch())
        with self._lock:
            self._matches[key] = mask
            while len(self._matches) > KEPT_MATCHES:
                self._matches.popitem(last=False)
        return mask

    def forget_matches(self):
        with self._lock:
            self._matches.clear()

    def any_of(self, name, values):
        """The entries with at least one of these values of a facet."""
        mask = np.zeros(self.size, dtype=bool)
        for value in values:
            if value in self.facets.get(name, {}):
                mask |= self.facets[name][value]
        return mask

    def value_counts(self, name, among):
        """{value: entries of `among` with it} for every value of a facet that some of them have."""
        counts = {}
        for value, column in self.facets.get(name, {}).items():
            number = int(np.count_nonzero(column & among))
            if number:
                counts[value] = number
        return counts

    def in_order(self, order, among):
        """The positions of `among`, in the order of `order` (a permutation of all positions)."""
        return order[among[order]]


_current = None
_loading = threading.Lock()


def current():
    """The columns of the index as it is now, read again if it has changed since."""
    global _current  # noqa: PLW0603 - one set of columns per process, replaced whole
    token = IndexVersion.objects.values_list("token", flat=True).first() or ""
    columns = _current
    if columns is not None and columns.token == token:
        return columns
    with _loading:
        if _current is None or _current.token != token:
            _current = load(token)
        return _current


def load(token):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT page_id, in_bank, {day_number('date')}, downloads, title_length"  # noqa: S608
            " FROM search_bankentry ORDER BY page_id"
        )
        entries = cursor.fetchall()
        cursor.execute(f"SELECT name, value, {id_list('entry_id')} FROM search_bankfacet GROUP BY name, value")  # noqa: S608
        facets = [(name, value, parse_ids(ids)) for name, value, ids in cursor.fetchall()]
    return IndexColumns(token, entries, facets)


def day_number(column):
    """SQL of a date column as a whole number of days: only their order matters here."""
    if connection.vendor == "postgresql":
        return f"({column} - DATE '2000-01-01')"
    return f"CAST(JULIANDAY({column}) AS INTEGER)"


def id_list(column):
    """SQL aggregating a column of ids into one text "1,2,3": one value to read, however many rows."""
    if connection.vendor == "postgresql":
        return f"STRING_AGG({column}::text, ',')"
    return f"GROUP_CONCAT({column})"


def parse_ids(text):
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, dtype=np.int64)
