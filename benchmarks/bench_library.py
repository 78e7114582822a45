"""Benchmark of the library listings and the counted download (target: listing under 300 ms).

Renders /materials/ and /practices/ with typical filter combinations through Django's test
client against the database of DATABASE_URL (the demo must be loaded: `manage.py load_demo`),
and reports the median and worst wall time and the number of SQL queries per request.

    DEBUG=1 .venv/bin/python benchmarks/bench_library.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

URLS = [
    "/materials/",
    "/materials/?subject=mathematics&level=ooo",
    "/materials/?subject=mathematics&subject=physics&type=diagnostic-test&sort=downloads",
    "/materials/?audience=teachers&sort=downloads&page=3",
    "/practices/",
    "/practices/?risk=low_motivation&level=ooo&type=teaching",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    client = Client(HTTP_HOST="localhost")
    print(f"{'URL':<90} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for url in URLS:
        client.get(url)  # warm caches and templates
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{url:<90} {statistics.median(times):>10.1f} {max(times):>8.1f} {len(queries):>8}")


if __name__ == "__main__":
    main()
