"""compute_indices, the demo region and the standing helper."""

import io

import pandas as pd
import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from analytics.models import ComputationRun, Partnership, SchoolProgramme, SchoolYearResult
from analytics.standing import latest_school_standing
from registry.models import Municipality, School, StaffProfile


def test_demo_region_is_loaded_and_computed(db):
    assert Municipality.objects.count() == 12
    assert School.objects.count() == 300
    run = ComputationRun.objects.filter(status=ComputationRun.Status.SUCCESS).latest()
    assert run.years == [2021, 2022, 2023, 2024, 2025]
    assert SchoolYearResult.objects.filter(run=run, low_results=True).exists()
    assert SchoolProgramme.objects.exists() and Partnership.objects.exists()


def test_demo_scopes_the_municipal_and_school_accounts(db):
    first = Municipality.objects.order_by("name").first()
    municipal = StaffProfile.objects.get(user__username="municipal")
    school = StaffProfile.objects.get(user__username="school")
    assert municipal.municipality == first and municipal.school is None
    assert school.school.municipality == first and school.municipality is None


def test_loading_the_demo_again_stores_no_new_run(db):
    before = ComputationRun.objects.count()
    from analytics import demo

    demo.load(io.StringIO())
    assert ComputationRun.objects.count() == before
    assert School.objects.count() == 300


def test_compute_indices_stores_a_run_and_writes_the_table(db, tmp_path):
    output = tmp_path / "out.csv"
    before = ComputationRun.objects.count()
    call_command("compute_indices", year=2025, output=str(output), stdout=io.StringIO())
    assert ComputationRun.objects.count() == before + 1
    run = ComputationRun.objects.latest()
    assert run.years == [2025] and run.status == "success"
    table = pd.read_csv(output, dtype=str, keep_default_na=False)
    assert set(table["year"]) == {"2025"}
    assert len(table) == SchoolYearResult.objects.filter(run=run).count()
    assert run.gaps.exists() and run.indicators.exists()


def test_compute_indices_refuses_a_year_without_data(db):
    with pytest.raises(CommandError, match="нет результатов"):
        call_command("compute_indices", year=2001, stdout=io.StringIO())


def test_latest_school_standing_reads_the_latest_run(db):
    run = ComputationRun.objects.filter(status="success").latest()
    row = SchoolYearResult.objects.filter(run=run, year=max(run.years), quality_group__isnull=False).first()
    standing = latest_school_standing(row.school)
    assert standing["year"] == max(run.years)
    assert standing["quality_group"] == row.quality_group
    assert standing["strong"] == (row.quality_group >= 8)
    assert standing["resilient"] == row.resilient


def test_latest_school_standing_is_none_without_a_run(db):
    school = School.objects.create(code="Z0001", name="Новая", municipality=Municipality.objects.first())
    assert latest_school_standing(school) is None
