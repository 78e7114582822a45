"""Page weight: bytes a browser downloads for a page (HTML, scripts, styles, chart data).

Builds a fresh SQLite database in a temporary folder (settings ``config.settings.test``), loads
the demo (``load_demo --force``), requests each page through Django's test client, finds the
scripts and styles it references and adds up their sizes from the static files themselves, raw
and gzipped (what the server sends to a browser that accepts gzip). Chart figures the page
fetches (``data-chart-src``) count as data. Images and fonts are left out: the analytics pages
have none, and the public pages' images depend on the content.

    .venv/bin/python benchmarks/bench_page_weight.py
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class Assets(HTMLParser):
    """Collects the script, stylesheet and chart-data addresses of one HTML page."""

    def __init__(self):
        super().__init__()
        self.scripts, self.styles, self.data = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.styles.append(attrs["href"])
        if attrs.get("data-chart-src"):
            self.data.append(attrs["data-chart-src"])


def sizes(*bodies: bytes) -> tuple[int, int]:
    """Raw and gzipped bytes of the bodies together, each compressed alone as it is sent."""
    return sum(len(b) for b in bodies), sum(len(gzip.compress(b, compresslevel=6)) for b in bodies)


def static_body(url: str) -> bytes:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    # The userbar links its files with the full address (http://testserver/static/...).
    path = finders.find(urlsplit(url).path.removeprefix(settings.STATIC_URL))
    if path is None:
        raise SystemExit(f"{url}: нет такого статического файла")
    return Path(path).read_bytes()


def weigh(client, url: str) -> dict[str, tuple[int, int]]:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    parser = Assets()
    parser.feed(response.content.decode())
    weight = {"HTML": sizes(response.content)}
    for kind, urls in (("скрипты", parser.scripts), ("стили", parser.styles)):
        weight[kind] = sizes(*(static_body(u) for u in urls))
    weight["данные графиков"] = sizes(*(client.get(u).content for u in parser.data))
    weight["всего"] = tuple(map(sum, zip(*weight.values(), strict=True)))
    weight["_files"] = parser.scripts + parser.styles
    return weight


def report(label: str, url: str, weight: dict) -> None:
    print(f"\n{label}: {url}")
    print(f"  {'':<18}{'КБ':>10}{'КБ gzip':>10}")
    for kind, value in weight.items():
        if not kind.startswith("_"):
            raw, packed = value
            print(f"  {kind:<18}{raw / 1024:>10.1f}{packed / 1024:>10.1f}")
    print("  файлы: " + ", ".join(weight["_files"]))


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-weight-") as tmp:
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client
        from django.test.utils import setup_test_environment

        from analytics.models import SchoolYearResult
        from analytics.views.common import latest_run

        setup_test_environment()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_demo", force=True, verbosity=0)

        visitor = Client()
        report("Главная (посетитель)", "/", weigh(visitor, "/"))
        staff = Client()
        staff.force_login(get_user_model().objects.get(username="analyst"))
        run = latest_run()
        code = SchoolYearResult.objects.filter(run=run).select_related("school").first().school.code
        for label, url in (
            ("Обзор региона (аналитик)", "/analytics/"),
            ("Паспорт школы (аналитик)", f"/analytics/schools/{code}/"),
            ("Список школ (аналитик)", "/analytics/schools/"),
        ):
            report(label, url, weigh(staff, url))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
