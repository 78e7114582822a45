"""Benchmark of the database search backend: the resource bank and the site search.

Creates a throw-away database (SQLite file by default; PostgreSQL when DATABASE_URL points to
it, as `test_<name>`), fills it through the backend's own bulk indexing with generated resources
(Russian text, facets, dates, download counts) and a fifth as many other pages (news, pages:
only the site search finds them), then times searches as the pages make them: the bank's word
queries in several forms, facet selections and every sort; the site search's word queries (the
search page also says how many of its results the bank holds). Prints p50/p95/max per query
kind and overall for each, twice: as searches run on a site (each process keeps what the engine
matched for a query until the index changes: search/columns.py), and cold, every search finding
its words in the engine again, as the first search for them after a change. Also prints how long
a process takes to read the index's columns, which it does after every change. Target: p95 at
most 50 ms.

The generated texts share one small vocabulary (the words below), so a word query finds most
of the resources: the worst case for counting facets and ranking, which touch every match.
Each resource also has one word of its own kind («балжаринский», as a district or a programme
is named), found in a few resources per thousand: the "specific words" queries.

    .venv/bin/python benchmarks/bench_search.py [--resources N] [--runs R] [--seed S]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_dev .venv/bin/python benchmarks/bench_search.py
"""

from __future__ import annotations

import argparse
import json
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
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from wagtail.models import Page  # noqa: E402

from search import columns as index_columns  # noqa: E402
from search.backends.database import DatabaseBackend  # noqa: E402
from search.contract import SCOPE_SITE, BankQuery, search_bank  # noqa: E402
from search.views import bank_autocomplete  # noqa: E402

TARGET_MS = 50

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
# Words as specific as a resource's district, programme or author («балверинский»): each resource
# has one, so each names a few in a thousand resources, where every word above is in most of them.
SYLLABLES = ["бал", "вер", "гор", "дуб", "жар", "зор", "кам", "лес", "мор", "нов", "ольх", "пес", "рад", "сос", "тал"]
SPECIFIC = [f"{first}{second}инск" for first in SYLLABLES for second in SYLLABLES if first != second][:300]

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
    "specific words": [
        {"query": f"{SPECIFIC[3]}ого"},
        {"query": f"{SPECIFIC[50]}ая"},
        {"query": f"{SPECIFIC[7]}ой школы"},
        {"query": f"{SPECIFIC[9]}ий", "filters": {"subject": ["mathematics"]}},
    ],
}


SITE_QUERIES = {
    kind: [params for params in QUERIES[kind] if not params.get("filters")]
    for kind in ("one word", "two words", "three words", "nothing found", "specific words")
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


def generate(resources, rng):
    """Pages (only as the entries' foreign-key targets) and their index entries, through the backend's bulk indexing."""
    others = resources // 5
    root = Page.get_first_root_node()
    content_type = ContentType.objects.get_for_model(Page)
    pages = [
        Page(
            title=f"Страница {number}",
            slug=f"bench-{number}",
            content_type=content_type,
            locale_id=root.locale_id,
            # Paths after the root's existing children (the migrations' welcome page).
            path=root.path + _base36(number + 1000),
            depth=2,
            numchild=0,
            live=True,
            url_path=f"/bench/{number}/",
        )
        for number in range(resources + others)
    ]
    Page.objects.bulk_create(pages, batch_size=1000)
    ids = Page.objects.filter(depth=2, slug__startswith="bench-").order_by("pk").values_list("pk", flat=True)
    DatabaseBackend().index_documents(document(page_id, number < resources, rng) for number, page_id in enumerate(ids))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does on a live database: statistics, and the visibility map for index-only scans.
            cursor.execute("VACUUM ANALYZE search_bankentry")
            cursor.execute("VACUUM ANALYZE search_bankfacet")
    return resources, others


def document(page_id, in_bank, rng):
    """One generated index document (search.contract.IndexDocument)."""
    specific = rng.choice(SPECIFIC)
    title = sentence(rng, rng.randint(3, 7)).rstrip(".")
    if rng.random() < 0.3:
        title += f" {specific}ий"
    summary = sentence(rng, 15)
    body = " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(5, 15)))
    body += f" Опыт {specific}ой школы."
    kind, kind_label = rng.choice(TYPES) if in_bank else ("home.newsarticlepage", "Новость")
    facets = {"type": [(kind, kind_label)]}
    if in_bank:
        facets |= {
            "subject": [(value, value) for value in rng.sample(SUBJECTS, rng.randint(0, 2))],
            "level": [(value, value) for value in rng.sample(LEVELS, rng.randint(1, 2))],
            "audience": [(value, value) for value in rng.sample(AUDIENCES, rng.randint(1, 2))],
            "risk": [(value, value) for value in rng.sample(RISKS, rng.randint(0, 2))],
            "year": [(str(rng.randint(2018, 2025)),) * 2],
        }
    return {
        "page_id": page_id,
        "in_bank": in_bank,
        "title": title,
        "url": f"/bench/{page_id}/",
        "type": kind,
        "type_label": kind_label,
        "summary": summary,
        "text": body,
        "facets": facets,
        "date": date(2025, 9, 1) - timedelta(days=rng.randint(0, 2500)),
        "downloads": rng.randint(0, 500) if in_bank else 0,
    }


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


def measure(queries, make_searches, runs, rng, *, cold=False):
    """{kind: [(ms, total)]} of `runs` rounds of every query, each timed as its page makes it.

    `cold`: each search starts with no matches kept in the process (search/columns.py), as the
    first search for its words after the index changed: the engine finds every word again.
    """
    by_kind = {}
    for kind, params_list in queries.items():
        for _ in range(runs):
            for params in params_list:
                searches = make_searches(params, rng.randint(1, 3))
                if cold:
                    index_columns.current().forget_matches()
                started = time.perf_counter()
                totals = [search_bank(bank_query).total for bank_query in searches]
                elapsed = (time.perf_counter() - started) * 1000
                by_kind.setdefault(kind, []).append((elapsed, totals[0]))
    return by_kind


def bank_searches(params, page):
    return [
        BankQuery(
            query=params.get("query", ""),
            filters=params.get("filters", {}),
            sort=params.get("sort", "relevance"),
            page=page,
        )
    ]


def site_searches(params, page):
    """What /search/ asks: a page of every kind of page (with how many of them the bank holds)."""
    return [BankQuery(query=params["query"], scope=SCOPE_SITE, page=page, facets=False)]


AUTOCOMPLETE = {
    "common prefix": ["мат", "учит", "функциональн", "школьный ур"],
    "rare prefix": [SPECIFIC[3][:5], SPECIFIC[50][:6], "квазисп"],
}


def measure_autocomplete(runs):
    """{kind: [(ms, titles)]} of the search box's suggestions (/bank/autocomplete/?q=…)."""
    factory = RequestFactory()
    by_kind = {}
    for kind, prefixes in AUTOCOMPLETE.items():
        for _ in range(runs):
            for prefix in prefixes:
                request = factory.get("/bank/autocomplete/", {"q": prefix})
                started = time.perf_counter()
                response = bank_autocomplete(request)
                elapsed = (time.perf_counter() - started) * 1000
                by_kind.setdefault(kind, []).append((elapsed, len(json.loads(response.content)["results"])))
    return by_kind


def report(title, by_kind):
    print(f"\n{title}")
    print(f"{'query kind':<20}{'runs':>6}{'hits (avg)':>12}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    timings = []
    for kind, rows in by_kind.items():
        values = [elapsed for elapsed, _ in rows]
        timings += values
        hits = statistics.mean(total for _, total in rows)
        print(
            f"{kind:<20}{len(values):>6}{hits:>12.0f}{percentile(values, 0.5):>9.1f}"
            f"{percentile(values, 0.95):>9.1f}{max(values):>9.1f}"
        )
    p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
    print(f"{'overall':<20}{len(timings):>6}{'':>12}{p50:>9.1f}{p95:>9.1f}{max(timings):>9.1f}")
    return p95


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
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Database: {connection.vendor}; load average {load}; creating a throw-away database…", flush=True)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        resources, others = generate(args.resources, rng)
        print(f"Indexed {resources} resources and {others} other pages in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        index_columns.current()
        print(f"Columns read into the process in {time.perf_counter() - started:.2f} s (after every index change)")
        search_bank(BankQuery(query="математика"))  # warm the connection
        p95s = {
            "bank": report("Bank (/bank/)", measure(QUERIES, bank_searches, args.runs, rng)),
            "site": report("Site search (/search/)", measure(SITE_QUERIES, site_searches, args.runs, rng)),
            "bank, cold": report(
                "Bank, every search cold (no matches kept)", measure(QUERIES, bank_searches, args.runs, rng, cold=True)
            ),
            "site, cold": report(
                "Site search, every search cold",
                measure(SITE_QUERIES, site_searches, args.runs, rng, cold=True),
            ),
            "autocomplete": report("Search box suggestions (/bank/autocomplete/)", measure_autocomplete(args.runs)),
        }
        summary = ", ".join(f"{name} p95 {p95:.1f} ms" for name, p95 in p95s.items())
        print(f"\n{resources} resources on {connection.vendor}: {summary}")
        verdicts = {
            "as searches run": all(p95 <= TARGET_MS for name, p95 in p95s.items() if "cold" not in name),
            "every search cold": all(p95 <= TARGET_MS for name, p95 in p95s.items() if "cold" in name),
        }
        for how, met in verdicts.items():
            print(f"Target p95 <= {TARGET_MS} ms, {how}:", "met" if met else "NOT met")
        return 0 if all(verdicts.values()) else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
