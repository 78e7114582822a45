"""The bank searched in the database: PostgreSQL full text, or the project's own roots on SQLite.

The text match (and its rank) happens in SQL; facets, sorting and paging happen in Python on
the few columns of the matching rows (id, facet tokens, rank, date, downloads), which keeps
facet counts exact: a value's count is the number of results matching the query, every other
selected facet and that value.
"""

import difflib
from collections import Counter

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, FloatField, Sum, Value

from .. import text as search_text
from ..indexing import FACET_LABELS, FACET_NAMES
from ..models import BankEntry, BankTerm, BankWord, FacetLabel
from . import BankResults


class DatabaseBackend:
    name = "database"

    def search(self, bank_query, *, suggest=True):
        roots = search_text.query_roots(bank_query.query)
        rows = self._matching_rows(bank_query.query, roots)
        selected = {name: set(values) for name, values in bank_query.filters.items() if name in FACET_NAMES and values}

        # Facet tokens ("subject=mathematics") are counted whole and split by name at the end:
        # this loop runs over every matching row, so it does as little as possible per row.
        wanted = {name: {f"{name}={value}" for value in values} for name, values in selected.items()}
        matched, matched_tokens, relaxed = [], Counter(), Counter()
        relaxed_tokens = {name: Counter() for name in wanted}
        for pk, facet_keys, rank, date, downloads in rows:
            keys = facet_keys.split()
            failing = [name for name, tokens in wanted.items() if tokens.isdisjoint(keys)] if wanted else ()
            if not failing:
                matched.append((pk, rank or 0, date, downloads))
                matched_tokens.update(keys)
            elif len(failing) == 1:
                # Would match with this one facet changed: it counts for that facet's values.
                relaxed[failing[0]] += 1
                relaxed_tokens[failing[0]].update(keys)
        counts = {name: Counter() for name in FACET_NAMES}
        for token, number in matched_tokens.items():
            name, _, value = token.partition("=")
            if name in counts:
                counts[name][value] += number
        for failed_name, tokens in relaxed_tokens.items():
            prefix = failed_name + "="
            for token, number in tokens.items():
                if token.startswith(prefix):
                    counts[failed_name][token[len(prefix) :]] += number

        sort = bank_query.sort if roots or bank_query.sort != "relevance" else "newest"
        if sort == "newest":
            matched.sort(key=lambda row: (row[2], row[0]), reverse=True)
        elif sort == "downloads":
            matched.sort(key=lambda row: (row[3], row[2], row[0]), reverse=True)
        else:
            matched.sort(key=lambda row: (row[1], row[2], row[0]), reverse=True)

        total = len(matched)
        per_page = bank_query.per_page
        page = min(max(1, bank_query.page), max(1, -(-total // per_page)))
        page_ids = [row[0] for row in matched[(page - 1) * per_page : page * per_page]]
        entries = BankEntry.objects.in_bulk(page_ids)
        results = [self._result(entries[pk], roots) for pk in page_ids if pk in entries]

        results_obj = BankResults(
            total=total,
            results=results,
            facets=facet_list(counts, selected),
            page=page,
            per_page=per_page,
            backend=f"{self.name}:{connection.vendor}",
        )
        if total == 0:
            results_obj.relaxations = [
                {"name": name, "label": FACET_LABELS[name], "count": relaxed[name]}
                for name in selected
                if relaxed[name]
            ]
            if suggest and roots:
                results_obj.suggestion = self.suggestion(bank_query)
        return results_obj

    def _matching_rows(self, query, roots):
        """(id, facet tokens, rank, date, downloads) of every entry matching all query roots."""
        columns = ("pk", "facet_keys", "rank", "date", "downloads")
        entries = BankEntry.objects.all()
        if not roots:
            return entries.annotate(rank=Value(0.0, output_field=FloatField())).values_list(*columns)
        if connection.vendor == "postgresql":
            ts_query = postgres_query(query)
            entries = entries.filter(search_vector=ts_query).annotate(rank=SearchRank(F("search_vector"), ts_query))
            return entries.values_list(*columns)
        # SQLite: the posting lists of the roots, kept only where every root occurs.
        ranks = dict(
            BankTerm.objects.filter(root__in=roots)
            .values("entry_id")
            .annotate(rank=Sum("weight"), hits=Count("id"))
            .filter(hits=len(roots))
            .values_list("entry_id", "rank")
        )
        if not ranks:
            return []
        if len(ranks) < 500:
            entries = entries.filter(pk__in=list(ranks))
        meta = entries.values_list("pk", "facet_keys", "date", "downloads")
        return [(pk, keys, ranks[pk], day, downloads) for pk, keys, day, downloads in meta if pk in ranks]

    def _result(self, entry, roots):
        body = " ".join([entry.summary, entry.text])
        return {
            "title": entry.title,
            "url": entry.url,
            "type": entry.type,
            "type_label": entry.type_label,
            "snippet": search_text.snippet(body, roots) if roots else search_text.snippet(body, []),
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
        retry = type(bank_query)(query=suggestion, filters=bank_query.filters, per_page=1)
        return suggestion if self.search(retry, suggest=False).total else ""


def postgres_query(query):
    """Every meaningful word must match, by the 'russian' configuration or by the project's root."""
    query_words = search_text.words(search_text.clean_query(query))
    meaningful = [word for word in query_words if word not in search_text.STOP_WORDS] or query_words
    ts_query = None
    for word in dict.fromkeys(meaningful):
        either = SearchQuery(word, config="russian", search_type="plain") | SearchQuery(
            search_text.root(word), config="simple", search_type="plain"
        )
        ts_query = either if ts_query is None else ts_query & either
    return ts_query


def facet_list(counts, selected):
    """Facets for display: values with results, plus selected ones (to untick) even at zero."""
    labels = {(name, value): label for name, value, label in FacetLabel.objects.values_list("name", "value", "label")}
    facets = {}
    for name in FACET_NAMES:
        values = set(counts[name]) | selected.get(name, set())
        items = [
            {
                "value": value,
                "label": labels.get((name, value), value),
                "count": counts[name][value],
                "selected": value in selected.get(name, set()),
            }
            for value in values
        ]
        if name == "year":
            items.sort(key=lambda item: item["value"], reverse=True)
        else:
            items.sort(key=lambda item: (-item["count"], item["label"]))
        facets[name] = items
    return facets
