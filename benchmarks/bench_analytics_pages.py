"""Response times of the staff analytics pages (dashboard, school list, passport, programme monitoring, surveys).

Builds a fresh SQLite database in a temporary folder (settings ``config.settings.test``),
loads the demo region (``load_demo --force``), then requests each page repeatedly through
Django's test client as the ``analyst`` account and prints p50/p95. Target: p95 under 300 ms
on the demo region.

With ``--schools N`` it then adds a synthetic region of N schools (the engine's generator,
bulk-inserted), recomputes through the same service as ``compute_indices`` and measures again.

    .venv/bin/python benchmarks/bench_analytics_pages.py [--requests 30] [--schools 40000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(db_file: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    import django

    django.setup()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def measure(client, label: str, url: str, requests: int) -> dict:
    first_started = time.perf_counter()
    response = client.get(url)
    first = (time.perf_counter() - first_started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "label": label,
        "url": url,
        "first": first,
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "max": max(times),
    }


def report(title: str, rows: list[dict], target: float | None) -> bool:
    print(f"\n{title}")
    print(f"{'страница':<28}{'1-й, мс':>10}{'p50, мс':>10}{'p95, мс':>10}{'max, мс':>10}")
    ok = True
    for row in rows:
        mark = ""
        if target is not None and row["label"] in ("дашборд", "список школ", "паспорт школы", "мониторинг программы"):
            mark = "  OK" if row["p95"] < target else "  > цели"
            ok &= row["p95"] < target
        print(f"{row['label']:<28}{row['first']:>10.1f}{row['p50']:>10.1f}{row['p95']:>10.1f}{row['max']:>10.1f}{mark}")
    return ok


def pages(client, requests: int) -> list[dict]:
    from analytics.models import SchoolYearResult
    from analytics.views.common import latest_run

    run = latest_run()
    year = max(run.years)
    # A low-results school: its passport also runs the partner suggestion.
    row = (
        SchoolYearResult.objects.filter(run=run, year=year, low_results=True).select_related("school").first()
        or SchoolYearResult.objects.filter(run=run, year=year).select_related("school").first()
    )
    code = row.school.code
    from surveys.models import Campaign

    satisfaction = Campaign.objects.filter(survey__kind="satisfaction", responses__isnull=False).distinct().first()
    diagnostic = Campaign.objects.filter(survey__kind="teacher_deficits", responses__isnull=False).distinct().first()
    surveyed = satisfaction.targets.select_related("school").first().school.code
    return [
        measure(client, "дашборд", "/analytics/", requests),
        measure(client, "список школ", "/analytics/schools/", requests),
        measure(client, "список: фильтр ШНОР", "/analytics/schools/?flag=low_results&sort=-quality_index", requests),
        measure(client, "паспорт школы", f"/analytics/schools/{code}/", requests),
        measure(client, "данные графика (scatter)", "/analytics/charts/scatter/", requests),
        measure(client, "график паспорта", f"/analytics/schools/{code}/chart/", requests),
        measure(client, "выгрузка CSV", "/analytics/schools/export.csv", max(3, requests // 10)),
        measure(client, "паспорт PDF", f"/analytics/schools/{code}/pdf/", max(3, requests // 10)),
        measure(client, "мониторинг программы", "/analytics/programme/", requests),
        measure(client, "показатель: партнёрство", "/analytics/programme/targets/active_partnership/", requests),
        measure(client, "показатель: курсы", "/analytics/programme/targets/trained_staff/", requests),
        measure(client, "мониторинг: XLSX", "/analytics/programme/export.xlsx", max(3, requests // 10)),
        measure(client, "годовой отчёт PDF", "/analytics/programme/report.pdf", max(3, requests // 10)),
        measure(client, "анкетирование", "/analytics/surveys/", requests),
        measure(client, "опрос родителей", f"/analytics/surveys/{satisfaction.pk}/", requests),
        measure(client, "опрос: школа", f"/analytics/surveys/{satisfaction.pk}/schools/{surveyed}/", requests),
        measure(client, "диагностика дефицитов", f"/analytics/surveys/{diagnostic.pk}/", requests),
        measure(client, "опрос: XLSX", f"/analytics/surveys/{satisfaction.pk}/export.xlsx", max(3, requests // 10)),
    ]


def _insert(model, frame, ids) -> None:
    """Plain executemany: much faster than model instances for a million result rows."""
    from django.db import connection

    columns = [c for c in frame.columns if c != "school_code"]
    table = model._meta.db_table
    names = ", ".join(["school_id", *columns])
    marks = ", ".join(["%s"] * (len(columns) + 1))
    values = frame[columns].astype(object).where(frame[columns].notna(), None)
    values.insert(0, "school_id", frame["school_code"].map(ids).astype(object))
    rows = [tuple(v.item() if hasattr(v, "item") else v for v in row) for row in values.itertuples(index=False)]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 20_000):
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows[start : start + 20_000])  # noqa: S608


def add_synthetic_region(n_schools: int, years: tuple[int, ...]) -> None:
    """Insert the engine's synthetic region (codes prefixed "B") and recompute through the service."""
    from django.db import transaction

    from analytics.computation import run_computation
    from analytics.methodology import generate_region
    from analytics.models import AssessmentResult, SocialContext
    from registry.models import Municipality, School

    started = time.perf_counter()
    schools, results, context = generate_region(
        n_schools=n_schools, n_municipalities=max(12, n_schools // 500), years=years
    )
    for frame, column in ((schools, "code"), (results, "school_code"), (context, "school_code")):
        frame[column] = "B" + frame[column]
    generated = time.perf_counter()
    with transaction.atomic():
        places = {
            name: Municipality.objects.get_or_create(name=f"{name} (синт.)")[0].pk
            for name in schools["municipality"].unique()
        }
        School.objects.bulk_create(
            [
                School(
                    code=row.code,
                    name=row.name,
                    municipality_id=places[row.municipality],
                    locality=row.locality,
                    is_small=bool(row.is_small),
                    advanced_study=bool(row.advanced_study),
                    students=int(row.students),
                )
                for row in schools.itertuples()
            ],
            batch_size=5000,
        )
        ids = dict(School.objects.filter(code__startswith="B").values_list("code", "id"))
        _insert(AssessmentResult, results, ids)
        _insert(SocialContext, context, ids)
    inserted = time.perf_counter()
    run, _result = run_computation(source="benchmark")
    print(
        f"\nСинтетический регион: {n_schools} школ, годы {years[0]}–{years[-1]}, {len(results)} строк результатов; "
        f"генерация {generated - started:.1f} с, вставка {inserted - generated:.1f} с, "
        f"расчёт и сохранение {time.perf_counter() - inserted:.1f} с (расчёт №{run.pk}, школ {run.schools})."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="Запросов на страницу (по умолчанию 30).")
    parser.add_argument(
        "--schools", type=int, default=0, help="Добавить синтетический регион из N школ (например, 40000)."
    )
    parser.add_argument(
        "--synthetic-years", type=int, default=2, help="Лет данных у синтетических школ (последние из 2021–2025)."
    )
    parser.add_argument("--target-ms", type=float, default=300.0)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-analytics-") as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_demo", force=True, verbosity=0)
        print(f"База и демо-регион готовы за {time.perf_counter() - started:.1f} с.")

        client = Client()
        client.force_login(get_user_model().objects.get(username="analyst"))
        ok = report("Демо-регион (аналитик):", pages(client, args.requests), args.target_ms)

        municipal = Client()
        municipal.force_login(get_user_model().objects.get(username="municipal"))
        report(
            "Демо-регион (муниципальный специалист):",
            [
                measure(municipal, "дашборд", "/analytics/", args.requests),
                measure(municipal, "список школ", "/analytics/schools/", args.requests),
                measure(municipal, "мониторинг программы", "/analytics/programme/", args.requests),
                measure(municipal, "анкетирование", "/analytics/surveys/", args.requests),
            ],
            None,
        )

        if args.schools:
            years = tuple(range(2026 - args.synthetic_years, 2026))
            add_synthetic_region(args.schools, years)
            report(f"Демо-регион + {args.schools} синтетических школ (аналитик):", pages(client, args.requests), None)
    print(f"\nЦель p95 < {args.target_ms:.0f} мс на демо-регионе: {'выполнена' if ok else 'НЕ выполнена'}.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
