"""Benchmark of ``import_data results`` on 100,000 result rows (target: under 60 s).

Generates a synthetic region with enough schools for the rows, writes schools.csv and
results.csv to a temporary directory, migrates a fresh SQLite database (or uses the database
of DATABASE_URL, e.g. PostgreSQL, which should be an empty scratch database), imports the
schools, then times the import of the results twice: the first run creates every row, the
second updates every row. Each step runs in a child process, so peak RSS is the command's own.

    .venv/bin/python benchmarks/bench_import.py [--rows 100000]
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics.methodology import generate_region  # noqa: E402

# Child process: run one management command, print its wall time and peak RSS.
CHILD = """
import resource, sys, time, io, django
django.setup()
from django.core.management import call_command
started = time.perf_counter()
call_command(*sys.argv[1:], stdout=io.StringIO())
elapsed = time.perf_counter() - started
print(f"{elapsed:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
"""


def command(env, *args) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if out.returncode:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(out.returncode)
    seconds, rss = out.stdout.split()[-2:]
    return float(seconds), float(rss)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    # ~42 result rows per school over five years in the generator.
    schools, results, _ = generate_region(n_schools=args.rows // 40 + 100, n_municipalities=40, seed=args.seed)
    results = results.iloc[: args.rows]
    schools = schools.loc[schools["code"].isin(results["school_code"].unique())]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        schools.to_csv(tmp / "schools.csv", index=False)
        results.to_csv(tmp / "results.csv", index=False)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "false"}
        backend = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
        if backend == "SQLite":
            env["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        started = time.perf_counter()
        command(env, "migrate", "--skip-checks", "--verbosity", "0")
        print(f"{backend}: fresh database migrated in {time.perf_counter() - started:.1f} s")
        seconds, rss = command(env, "import_data", "schools", str(tmp / "schools.csv"))
        print(f"import_data schools: {len(schools):,} rows in {seconds:.2f} s, peak RSS {rss:.0f} MiB")
        for label in ("create", "update"):
            seconds, rss = command(env, "import_data", "results", str(tmp / "results.csv"))
            rate = len(results) / seconds
            print(
                f"import_data results ({label}): {len(results):,} rows in {seconds:.2f} s "
                f"({rate:,.0f} rows/s), peak RSS {rss:.0f} MiB"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
