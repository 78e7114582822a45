"""The index searched in the database: PostgreSQL full text, or the project's own roots on SQLite.

The text match (and its rank) happens in SQL; facets, sorting and paging happen in Python on
the few columns of the matching rows (id, facet tokens, rank, date, downloads), which keeps
facet counts exact: a value's count is the number of results matching the query, every other
selected facet and that value.

This index is the index of record (search/contract.py): it is always kept, whatever else is.
"""

import difflib
from collections import Counter

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import Count, F, FloatField, Sum, Value

from .. import text as search_text
from ..contract import FACET_NAMES, SCOPE_BANK, BankResults, facet_list, relaxations
from ..models import BankEntry, BankTerm, BankWord, FacetLabel
from ..snippets import snippet

# PostgreSQL limits a tsvector to 1 MB; this much text is plenty to rank a page by.
MAX_VECTOR_TEXT = 200_000
# A word in the title counts as much as this many in the text (SQLite ranking).
TITLE_WEIGHT = 5


class DatabaseBackend:
    name = "database"

    def search(self, bank_query, *, suggest=True):
        roots = search_text.query_roots(bank_query.query)
        rows = self._matching_rows(bank_query.query, roots, in_scope(bank_query.scope))
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
            facets=facet_list(counts, selected, FacetLabel.mapping()),
            page=page,
            per_page=per_page,
            backend=f"{self.name}:{connection.vendor}",
        )
        if total == 0:
            results_obj.relaxations = relaxations(relaxed, selected)
            if suggest and roots:
                results_obj.suggestion = self.suggestion(bank_query)
        return results_obj

    def _matching_rows(self, query, roots, entries):
        """(id, facet tokens, rank, date, downloads) of every entry of `entries` matching all query roots."""
        columns = ("pk", "facet_keys", "rank", "date", "downloads")
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

    def index_documents(self, documents):
        for document in documents:
            self._index(document)

    def _index(self, document):
        page_id, title = document["page_id"], document["title"]
        body = " ".join([document["summary"], document["text"]])
        facet_keys = " " + " ".join(
            f"{name}={value}" for name, pairs in document["facets"].items() for value, _ in pairs
        )
        with transaction.atomic():
            BankEntry.objects.update_or_create(
                page_id=page_id,
                defaults={
                    "title": title,
                    "url": document["url"],
                    "in_bank": document["in_bank"],
                    "type": document["type"],
                    "type_label": document["type_label"],
                    "summary": document["summary"],
                    "text": document["text"],
                    "title_roots": search_text.indexed_roots(title),
                    "roots": search_text.indexed_roots(title + " " + body),
                    "title_words": " " + " ".join(search_text.words(title)) + " ",
                    "facet_keys": facet_keys + " ",
                    "date": document["date"],
                    "downloads": document["downloads"],
                },
            )
            for name, pairs in document["facets"].items():
                for value, label in pairs:
                    FacetLabel.objects.update_or_create(name=name, value=value, defaults={"label": label})
            vocabulary = {word for word in search_text.words(title + " " + body) if 3 <= len(word) <= 100}
            BankWord.objects.bulk_create([BankWord(word=word) for word in vocabulary], ignore_conflicts=True)
            if connection.vendor == "postgresql":
                update_search_vectors(BankEntry.objects.filter(pk=page_id), title, body)
            else:
                BankTerm.objects.filter(entry_id=page_id).delete()
                BankTerm.objects.bulk_create(term_rows(page_id, title, body))

    def delete_document(self, page_id):
        BankEntry.objects.filter(page_id=page_id).delete()

    def rebuild(self, documents):
        with transaction.atomic():
            BankTerm.objects.all().delete()
            BankEntry.objects.all().delete()
            BankWord.objects.all().delete()
            FacetLabel.objects.all().delete()
            self.index_documents(documents)
        return BankEntry.objects.count()

    def documents(self):
        """The indexed documents back, as the contract shapes them: what mirrors are rebuilt from."""
        labels = FacetLabel.mapping()
        for entry in BankEntry.objects.iterator():
            facets = {name: [] for name in FACET_NAMES}
            for key in entry.facet_keys.split():
                name, _, value = key.partition("=")
                if name in facets:
                    facets[name].append((value, labels.get((name, value), value)))
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
        retry = type(bank_query)(query=suggestion, filters=bank_query.filters, per_page=1, scope=bank_query.scope)
        return suggestion if self.search(retry, suggest=False).total else ""


def in_scope(scope):
    """The entries a query in `scope` searches: the bank's resources, or every indexed page."""
    return BankEntry.objects.filter(in_bank=True) if scope == SCOPE_BANK else BankEntry.objects.all()


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


def term_rows(entry_id, title, body):
    """Posting rows of one entry: a root's weight is its count, with title occurrences counted TITLE_WEIGHT times."""
    counts = Counter(search_text.roots(title + " " + body))
    for title_root in search_text.roots(title):
        counts[title_root] += TITLE_WEIGHT - 1
    return [BankTerm(entry_id=entry_id, root=root[:100], weight=weight) for root, weight in counts.items()]


def update_search_vectors(queryset, title, body):
    """PostgreSQL: the 'russian' configuration plus the project's roots (weights: title A, text B)."""
    title_norm = search_text.normalise(title)
    body_norm = search_text.normalise(body)[:MAX_VECTOR_TEXT]
    queryset.update(
        search_vector=SearchVector(Value(title_norm), config="russian", weight="A")
        + SearchVector(Value(" ".join(search_text.roots(title_norm))), config="simple", weight="A")
        + SearchVector(Value(body_norm), config="russian", weight="B")
        + SearchVector(Value(" ".join(search_text.roots(body_norm))), config="simple", weight="B")
    )
