"""National-scale benchmark of analytics.methodology.compute.

Generates a synthetic country (40,000 schools, 5 years, ВПР 4/5, ОГЭ 9, ЕГЭ 11 in math and
Russian, plus social context), then times compute(). Generation is timed separately so the
figures describe the engine, not the generator. Target: under 60 s and 4 GiB on 2 cores.

    .venv/bin/python benchmarks/bench_methodology.py [--schools N] [--seed S]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

# Run from a checkout without installing: the repository root holds the analytics package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analytics.methodology import compute, format_output, generate_region  # noqa: E402


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    """Resident set size now, to separate what the generated inputs occupy."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=40_000)
    parser.add_argument("--municipalities", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    n_mun = args.municipalities or max(12, args.schools // 17)

    start = time.perf_counter()
    schools, results, context = generate_region(n_schools=args.schools, n_municipalities=n_mun, seed=args.seed)
    generated = time.perf_counter() - start
    rss_inputs = current_rss_mib()
    peak_gen = peak_rss_mib()
    print(
        f"generated {len(schools):,} schools, {len(results):,} result rows, "
        f"{len(context):,} context rows in {generated:.1f} s "
        f"(RSS {rss_inputs:,.0f} MiB, peak {peak_gen:,.0f} MiB)"
    )

    start = time.perf_counter()
    result = compute(schools, results, context)
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    formatted = format_output(result.table)
    formatted_in = time.perf_counter() - start
    peak = peak_rss_mib()
    table = result.table
    print(
        f"compute: {elapsed:.1f} s for {len(table):,} school-years "
        f"({len(result.indicators):,} kept indicator rows); format_output {formatted_in:.1f} s"
    )
    print(f"peak RSS of the process: {peak:,.0f} MiB ({peak / 1024:.2f} GiB)")
    print(
        f"low results {int(table['low_results'].sum()):,}, unfavourable "
        f"{int(table['unfavourable'].sum()):,}, resilient {int(table['resilient'].sum()):,}, "
        f"rows with flags {int((table['objectivity_flags'] != '').sum()):,}, "
        f"formatted rows {len(formatted):,}"
    )
    ok = elapsed < 60 and peak < 4 * 1024
    print("within target (60 s, 4 GiB)" if ok else "OUTSIDE target (60 s, 4 GiB)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
