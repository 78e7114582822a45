"""compute_indices, the stored run, and the standing helper other apps read."""

import io

import pandas as pd
import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from analytics.computation import run_computation
from analytics.models import AssessmentResult, ComputationRun, SchoolYearResult
from analytics.standing import latest_school_standing, standing_phrase
from tests.factories.analytics import region
from tests.factories.registry import SchoolFactory

pytestmark = pytest.mark.django_db


def test_a_run_stores_one_row_per_school_and_year_with_results():
    place = region()
    run = place.run
    assert run.status == ComputationRun.Status.SUCCESS
    assert run.years == place.years
    assert run.schools == len(place.schools)
    assert run.result_rows == AssessmentResult.objects.count()
    school_years = set(AssessmentResult.objects.values_list("school_id", "year").distinct())
    assert set(SchoolYearResult.objects.filter(run=run).values_list("school_id", "year")) == school_years
    assert SchoolYearResult.objects.filter(run=run, low_results=True).exists()
    assert run.regressions.filter(fitted=True).count() == len(place.years)
    assert run.gaps.exists() and run.indicators.exists()


def test_same_inputs_reuse_the_stored_run_and_changed_inputs_do_not():
    place = region()
    again, result = run_computation(source="test", reuse_same_inputs=True)
    assert (again, result) == (place.run, None)
    assert ComputationRun.objects.count() == 1
    AssessmentResult.objects.filter(pk=AssessmentResult.objects.order_by("pk").first().pk).update(mean_score=1.0)
    changed, result = run_computation(source="test", reuse_same_inputs=True)
    assert changed != place.run and result is not None
    assert ComputationRun.objects.count() == 2


def test_compute_indices_stores_a_run_and_writes_the_table(tmp_path):
    place = region(compute=False)
    output = tmp_path / "out.csv"
    call_command("compute_indices", year=place.year, output=str(output), stdout=io.StringIO())
    run = ComputationRun.objects.get()
    assert run.years == [place.year] and run.status == "success" and run.source == "command"
    table = pd.read_csv(output, dtype=str, keep_default_na=False)
    assert set(table["year"]) == {str(place.year)}
    assert len(table) == SchoolYearResult.objects.filter(run=run).count()
    assert set(table["school_code"]) <= {s.code for s in place.schools}
    assert run.gaps.exists() and run.indicators.exists()


def test_compute_indices_refuses_a_year_without_data():
    region(compute=False)
    with pytest.raises(CommandError, match="нет результатов"):
        call_command("compute_indices", year=2001, stdout=io.StringIO())
    assert not ComputationRun.objects.exists()


def test_compute_indices_refuses_an_empty_database():
    with pytest.raises(CommandError, match="сначала загрузите"):
        call_command("compute_indices", stdout=io.StringIO())


def test_latest_school_standing_reads_the_latest_run():
    place = region()
    row = place.rows(quality_group__isnull=False).order_by("school__code").first()
    standing = latest_school_standing(row.school)
    assert standing["year"] == place.year
    assert standing["quality_group"] == row.quality_group
    assert standing["strong"] == (row.quality_group >= 8)
    assert standing["resilient"] == row.resilient


def test_standing_phrase_names_resilient_schools():
    place = region()
    resilient = place.rows(resilient=True).first()
    assert resilient is not None, "the region should have a resilient school"
    assert standing_phrase(resilient.school).startswith("Резильентная школа")


def test_latest_school_standing_is_none_without_a_run():
    region()
    assert latest_school_standing(SchoolFactory()) is None
