"""Lighthouse mobile performance of the staff analytics pages: the region dashboard and a school
passport, as the analyst sees them.

Without ``--url`` it builds what it measures, apart from anything else on the machine: a fresh
SQLite database and media folders in a temporary folder, ``migrate``, ``load_demo``,
``collectstatic``, and a server on ``--port`` (8100) with the production settings (DEBUG off,
WhiteNoise serving the compressed, hashed static files with far-future caching, as on the
working server; plain HTTP, since Lighthouse runs on the same machine). With ``--url`` it
measures a server that already runs.

It signs in as ``analyst`` through the sign-in form of a headless Chromium and hands that
browser to Lighthouse (``--port``), runs each page ``--runs`` times (Lighthouse's mobile preset:
simulated slow 4G and a 4× slower CPU) and prints every score with its LCP, TBT, CLS and FCP,
and the median. The figures mean something only on a quiet machine: the script prints the load
average first.

    .venv/bin/python benchmarks/bench_lighthouse.py [--runs 3] [--url http://127.0.0.1:8100]

Lighthouse 12 comes from the npm registry (``npm install lighthouse@12``); the script takes it from
``$LIGHTHOUSE`` or the PATH, and Chromium from ``$CHROME_PATH`` (default /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROME_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
METRICS = {
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "first-contentful-paint": "FCP",
}


def server_environment(tmp: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private-media"),
        "STATIC_ROOT": str(tmp / "static"),
        # A throwaway key of the length production demands; the server lives as long as the script.
        "SECRET_KEY": "lighthouse-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_HSTS_SECONDS": "0",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"порт {port}: сервер не ответил за {seconds:.0f} с")


def sign_in(browser, base: str, username: str, password: str) -> str:
    """Signs in through the sign-in form, as a person would; returns the first school's passport
    address from the analyst's list (a school with the demo's full history)."""
    page = browser.new_page()
    page.goto(f"{base}/accounts/login/?next=/analytics/schools/")
    page.locator("main").get_by_label("Имя пользователя").fill(username)
    page.locator("main").get_by_label("Пароль").fill(password)
    page.locator("main").get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/analytics/schools/")
    passport = page.locator("table.school-table tbody a").first.get_attribute("href")
    page.close()
    return passport


def lighthouse(executable: str, url: str, port: int, out: Path) -> dict:
    subprocess.run(
        [
            executable,
            url,
            f"--port={port}",
            "--only-categories=performance",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
        ],
        check=True,
    )
    report = json.loads(out.read_text())
    if report.get("runtimeError") or report["finalDisplayedUrl"] != url:
        raise SystemExit(f"{url}: Lighthouse открыл {report['finalDisplayedUrl']} ({report.get('runtimeError')})")
    figures = {"score": report["categories"]["performance"]["score"]}
    for audit, label in METRICS.items():
        figures[label] = report["audits"][audit]["numericValue"]
    return figures


def show(figures: dict) -> str:
    return (
        f"{figures['score']:.2f}  LCP {figures['LCP'] / 1000:.2f} с, TBT {figures['TBT']:.0f} мс, "
        f"CLS {figures['CLS']:.3f}, FCP {figures['FCP'] / 1000:.2f} с"
    )


def measure(base: str, runs: int, executable: str, out_dir: Path) -> None:
    """Runs Lighthouse in a Chromium signed in as the analyst.

    The session cookie lives in the browser's jar, so it goes with every request, as it does for
    a person: Lighthouse's ``--extra-headers`` carried it on the page's own request only, the
    charts' ``fetch`` of their figures went without it and was sent to the sign-in page, and the
    pages were measured without their charts. Lighthouse resets the cache and storage between
    runs but leaves cookies alone.
    """
    from playwright.sync_api import sync_playwright

    port = free_port()
    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="lighthouse-profile-") as profile:
        browser = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
            headless=True,
            args=[*CHROME_FLAGS, f"--remote-debugging-port={port}"],
        )
        try:
            passport = sign_in(browser, base, "analyst", "demo-password")
            for label, url in (("Обзор региона", f"{base}/analytics/"), ("Паспорт школы", base + passport)):
                print(f"\n{label}: {url}")
                scores = []
                for number in range(1, runs + 1):
                    figures = lighthouse(executable, url, port, out_dir / f"{label}-{number}.json")
                    scores.append(figures["score"])
                    print(f"  прогон {number}: {show(figures)}")
                print(f"  медиана: {statistics.median(scores):.2f}")
        finally:
            browser.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--url", help="измерить уже работающий сервер (с демо-данными), например http://127.0.0.1:8100")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--keep", help="папка для отчётов Lighthouse (JSON); по умолчанию временная")
    args = parser.parse_args()
    executable = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
    if not executable:
        raise SystemExit("Нет Lighthouse: npm install lighthouse@12 и LIGHTHOUSE=путь/к/lighthouse")
    print(f"Нагрузка машины (1, 5, 15 мин): {' '.join(f'{x:.2f}' for x in os.getloadavg())}, ядер: {os.cpu_count()}")

    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as tmp:
        tmp = Path(tmp)
        out_dir = Path(args.keep) if args.keep else tmp
        out_dir.mkdir(parents=True, exist_ok=True)
        if args.url:
            measure(args.url.rstrip("/"), args.runs, executable, out_dir)
            return 0
        env = server_environment(tmp, args.port)
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        # --force: the demo refuses production settings, whose accounts it would give a known
        # password; this database is a throwaway one in the temporary folder.
        manage(env, "load_demo", "--force", "--verbosity", "0")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        base = f"http://127.0.0.1:{args.port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{args.port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(args.port)
            measure(base, args.runs, executable, out_dir)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
