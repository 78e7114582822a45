"""METHODOLOGY.md "Must show": import the worked example, compute, get expected.csv back."""

import io
import math
from pathlib import Path

import pandas as pd

from django.core.management import call_command

from analytics.models import ComputationRun, ImportRecord, SchoolYearResult
from registry.models import Municipality, School

EXAMPLE = Path(__file__).resolve().parent / "worked_example"


def test_import_and_compute_reproduce_expected_csv(db, tmp_path):
    # The example is a region of its own: any other school would join the regional means.
    assert not School.objects.exists() and not Municipality.objects.exists()
    for kind in ("schools", "results", "context"):
        call_command("import_data", kind, str(EXAMPLE / f"{kind}.csv"), stdout=io.StringIO())
    assert list(ImportRecord.objects.order_by("created_at", "pk").values_list("kind", flat=True)) == [
        "schools",
        "results",
        "context",
    ]
    output = tmp_path / "out.csv"
    call_command("compute_indices", output=str(output), stdout=io.StringIO())

    got = pd.read_csv(output, dtype=str, keep_default_na=False)
    expected = pd.read_csv(EXAMPLE / "expected.csv", dtype=str, keep_default_na=False)
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    for column in expected.columns:
        for row, (a, b) in enumerate(zip(got[column], expected[column], strict=True)):
            try:
                same = math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-6) if b and a else a == b
            except ValueError:
                same = a == b
            if column in ("school_code", "year", "quality_group", "isbs_group") or not b:
                same = a == b
            assert same, f"{column}, row {row + 2}: {a!r} != {b!r}"

    run = ComputationRun.objects.latest()
    assert run.status == ComputationRun.Status.SUCCESS
    assert run.years == [2023, 2024]
    assert len(run.input_fingerprint) == 64
    assert run.parameters["min_participants"] == 5
    assert SchoolYearResult.objects.filter(run=run).count() == len(expected)
    assert run.regressions.count() == 2
