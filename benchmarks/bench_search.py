"""Benchmark of the resource bank's database search backend.

Creates a throw-away database (SQLite file by default; PostgreSQL when DATABASE_URL points to
it, as `test_<name>`), fills it with 10,000 generated resources (Russian text, facets, dates,
download counts), then times bank searches: word queries in several forms, facet selections
and every sort. Prints p50/p95/max per query kind and overall. Target: p95 under 150 ms.

    .venv/bin/python benchmarks/bench_search.py [--resources N] [--runs R] [--seed S]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_dev .venv/bin/python benchmarks/bench_search.py
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.contrib.postgres.search import SearchVector  # noqa: E402
from django.db import connection  # noqa: E402

from wagtail.models import Page  # noqa: E402

from search import text as search_text  # noqa: E402
from search.backends.database import term_rows  # noqa: E402
from search.contract import BankQuery, search_bank  # noqa: E402
from search.models import BankEntry, BankTerm, BankWord, FacetLabel  # noqa: E402

NOUNS = [
    "математика",
    "учитель",
    "ученик",
    "школа",
    "урок",
    "задача",
    "диагностика",
    "грамотность",
    "мотивация",
    "наставник",
    "класс",
    "родители",
    "программа",
    "результат",
    "оценка",
    "экзамен",
    "методика",
    "практика",
    "семинар",
    "развитие",
    "чтение",
    "письмо",
    "олимпиада",
    "кружок",
    "проект",
    "исследование",
    "контрольная",
    "навык",
    "проблема",
    "поддержка",
    "команда",
    "руководитель",
    "педагог",
    "психолог",
    "физика",
    "химия",
    "биология",
    "история",
    "география",
    "литература",
    "информатика",
    "геометрия",
    "алгебра",
]
ADJECTIVES = [
    "математический",
    "методический",
    "школьный",
    "педагогический",
    "читательский",
    "функциональный",
    "сельский",
    "городской",
    "новый",
    "эффективный",
    "индивидуальный",
    "групповой",
    "проектный",
    "исследовательский",
    "цифровой",
    "внеурочный",
    "профессиональный",
    "региональный",
    "муниципальный",
    "учебный",
]
FILLER = ["и", "в", "на", "для", "с", "по", "о", "при", "как", "что", "это", "также", "после", "через", "между"]
SUBJECTS = ["mathematics", "russian", "literature", "physics", "chemistry", "biology", "history", "informatics"]
LEVELS = ["noo", "ooo", "soo"]
AUDIENCES = ["teachers", "school-leaders", "methodists", "parents", "psychologists"]
RISKS = [f"risk-{number}" for number in range(1, 11)]
TYPES = [("practice", "Лучшая практика"), ("material", "Методический материал"), ("collection", "Подборка")]

QUERIES = {
    "one word": [{"query": q} for q in ["математический", "учителя", "диагностики", "олимпиаду", "родителям"]],
    "two words": [
        {"query": q}
        for q in ["функциональная грамотность", "сельская школа", "педагогическая поддержка", "читательский кружок"]
    ],
    "three words": [{"query": q} for q in ["методические задачи по алгебре", "цифровой проект учеников класса"]],
    "words + facets": [
        {"query": "математика", "filters": {"subject": ["mathematics"], "level": ["ooo"]}},
        {"query": "учитель", "filters": {"type": ["practice"], "year": ["2023", "2024"]}},
        {"query": "диагностика", "filters": {"audience": ["teachers", "methodists"], "risk": ["risk-3"]}},
    ],
    "browse (no words)": [
        {"query": "", "filters": {"subject": ["physics"]}},
        {"query": "", "sort": "downloads"},
    ],
    "sorted": [{"query": "школа", "sort": "newest"}, {"query": "урок", "sort": "downloads"}],
    "nothing found": [{"query": "квазиспектроскопия"}],
}


def sentence(rng, length):
    words = []
    for _ in range(length):
        roll = rng.random()
        if roll < 0.35:
            words.append(rng.choice(ADJECTIVES))
        elif roll < 0.8:
            words.append(rng.choice(NOUNS))
        else:
            words.append(rng.choice(FILLER))
    return " ".join(words).capitalize() + "."


def generate(count, rng):
    """Pages (only as the entries' foreign-key targets) and their bank entries."""
    root = Page.get_first_root_node()
    content_type = ContentType.objects.get_for_model(Page)
    pages = [
        Page(
            title=f"Ресурс {number}",
            slug=f"resource-{number}",
            content_type=content_type,
            locale_id=root.locale_id,
            # Paths after the root's existing children (the migrations' welcome page).
            path=root.path + _base36(number + 1000),
            depth=2,
            numchild=0,
            live=True,
            url_path=f"/bench/resource-{number}/",
        )
        for number in range(count)
    ]
    Page.objects.bulk_create(pages, batch_size=1000)
    ids = list(Page.objects.filter(depth=2, slug__startswith="resource-").values_list("pk", flat=True))
    entries, vocabulary = [], set()
    today = date(2025, 9, 1)
    for page_id in ids:
        kind, kind_label = rng.choice(TYPES)
        title = sentence(rng, rng.randint(3, 7)).rstrip(".")
        summary = sentence(rng, 15)
        body = " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(5, 15)))
        facets = {
            "type": [kind],
            "subject": rng.sample(SUBJECTS, rng.randint(0, 2)),
            "level": rng.sample(LEVELS, rng.randint(1, 2)),
            "audience": rng.sample(AUDIENCES, rng.randint(1, 2)),
            "risk": rng.sample(RISKS, rng.randint(0, 2)),
            "year": [str(rng.randint(2018, 2025))],
        }
        vocabulary.update(search_text.words(title + " " + body))
        entries.append(
            BankEntry(
                page_id=page_id,
                title=title,
                url=f"/bench/{page_id}/",
                type=kind,
                type_label=kind_label,
                summary=summary,
                text=body,
                title_roots=search_text.indexed_roots(title),
                roots=search_text.indexed_roots(" ".join([title, summary, body])),
                title_words=" " + " ".join(search_text.words(title)) + " ",
                facet_keys=" " + " ".join(f"{n}={v}" for n, values in facets.items() for v in values) + " ",
                date=today - timedelta(days=rng.randint(0, 2500)),
                downloads=rng.randint(0, 500),
            )
        )
    BankEntry.objects.bulk_create(entries, batch_size=500)
    if connection.vendor != "postgresql":
        terms = []
        for entry in entries:
            terms += term_rows(entry.page_id, entry.title, entry.summary + " " + entry.text)
        BankTerm.objects.bulk_create(terms, batch_size=5000)
    BankWord.objects.bulk_create([BankWord(word=word) for word in vocabulary], ignore_conflicts=True)
    labels = [("type", value, label) for value, label in TYPES]
    labels += [(name, value, value) for name, values in [("subject", SUBJECTS), ("level", LEVELS)] for value in values]
    FacetLabel.objects.bulk_create([FacetLabel(name=n, value=v, label=label) for n, v, label in labels])
    if connection.vendor == "postgresql":
        BankEntry.objects.update(
            search_vector=SearchVector("title", config="russian", weight="A")
            + SearchVector("title_roots", config="simple", weight="A")
            + SearchVector("summary", "text", config="russian", weight="B")
            + SearchVector("roots", config="simple", weight="B")
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_bankentry")
    return len(entries)


def _base36(number, width=4):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    while number:
        number, digit = divmod(number, 36)
        digits = alphabet[digit] + digits
    return digits.rjust(width, "0")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20, help="times each query is run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    if connection.vendor == "sqlite":
        # A file, not the in-memory test database: closer to what the site runs on.
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(tempfile.mkdtemp()) / "bench_search.sqlite3")
    print(f"Database: {connection.vendor}; creating a throw-away database and migrating…", flush=True)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        count = generate(args.resources, rng)
        print(f"Generated {count} resources in {time.perf_counter() - started:.1f} s")

        search_bank(BankQuery(query="математика"))  # warm caches and the connection
        timings, by_kind = [], {}
        for kind, queries in QUERIES.items():
            for _ in range(args.runs):
                for params in queries:
                    bank_query = BankQuery(
                        query=params.get("query", ""),
                        filters=params.get("filters", {}),
                        sort=params.get("sort", "relevance"),
                        page=rng.randint(1, 3),
                    )
                    started = time.perf_counter()
                    results = search_bank(bank_query)
                    elapsed = (time.perf_counter() - started) * 1000
                    timings.append(elapsed)
                    by_kind.setdefault(kind, []).append((elapsed, results.total))

        print(f"\n{'query kind':<20}{'runs':>6}{'hits (avg)':>12}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        for kind, rows in by_kind.items():
            values = [elapsed for elapsed, _ in rows]
            hits = statistics.mean(total for _, total in rows)
            print(
                f"{kind:<20}{len(values):>6}{hits:>12.0f}{percentile(values, 0.5):>9.1f}"
                f"{percentile(values, 0.95):>9.1f}{max(values):>9.1f}"
            )
        p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
        print(f"\nOverall ({len(timings)} searches on {connection.vendor}): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        print("Target p95 < 150 ms:", "met" if p95 < 150 else "NOT met")
        return 0 if p95 < 150 else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
