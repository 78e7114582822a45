"""НИКО, regional diagnostic works (КДР) and mock exams: imported under their Russian names,
kept out of the quality index unless its parameters name them, and listed in the passport's
component as results outside the index."""

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone

from analytics import other_assessments
from analytics.methodology import Parameters, compute, generate_region
from analytics.models import AssessmentResult, ComputationRun
from tests.factories.analytics import AssessmentResultFactory
from tests.factories.registry import SchoolFactory

HEADER = "Код школы;Год;Процедура;Класс;Предмет;Число участников;Средний балл\n"


@pytest.mark.django_db
def test_the_import_reads_niko_kdr_and_mock_exams_by_their_russian_names(tmp_path):
    SchoolFactory(code="T0001")
    rows = [
        ("НИКО", 6, "Математика"),
        ("кдр", 7, "Математика"),
        ("Региональная диагностическая работа", 8, "Русский язык"),
        ("пробный ОГЭ", 9, "Математика"),
        ("пробный ЕГЭ", 11, "Математика"),
        ("mock", 9, "Русский язык"),
    ]
    text = HEADER + "".join(f"T0001;2024;{name};{grade};{subject};20;15\n" for name, grade, subject in rows)
    path = Path(tmp_path) / "other.csv"
    path.write_text(text, encoding="utf-8")
    call_command("import_data", "results", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert sorted(AssessmentResult.objects.values_list("grade", "assessment")) == [
        (6, "NIKO"),
        (7, "KDR"),
        (8, "KDR"),
        (9, "MOCK"),
        (9, "MOCK"),
        (11, "MOCK"),
    ]


# --- the engine: extra assessments change nothing unless named ------------------------------


@pytest.fixture(scope="module")
def small_region():
    return generate_region(n_schools=40, n_municipalities=3, years=(2023, 2024), seed=7)


def _extra(results: pd.DataFrame, assessment: str, grade: int, seed: int) -> pd.DataFrame:
    """One row per school and year of ``assessment`` in math and Russian, scores that differ by school."""
    rng = np.random.default_rng(seed)
    base = results[["school_code", "year"]].drop_duplicates()
    rows = []
    for subject in ("math", "russian"):
        part = base.copy()
        part["assessment"] = assessment
        part["grade"] = grade
        part["subject"] = subject
        part["participants"] = rng.integers(8, 60, len(part))
        part["mean_score"] = rng.uniform(8, 25, len(part)).round(2)
        part["sd"] = 4.0
        part["fail_share"] = rng.uniform(0, 0.6, len(part)).round(3)
        rows.append(part)
    return pd.concat(rows, ignore_index=True)


def test_niko_rows_leave_every_index_group_and_the_gap_unchanged(small_region):
    schools, results, context = small_region
    plain = compute(schools, results, context)
    niko = _extra(results, "NIKO", 8, seed=1)
    # A school-year with nothing but НИКО gets no Output row either.
    lone = niko.iloc[[0]].assign(year=2022)
    with_niko = compute(schools, pd.concat([results, niko, lone], ignore_index=True), context)
    assert_frame_equal(with_niko.table, plain.table)
    assert_frame_equal(with_niko.indicators, plain.indicators)
    assert_frame_equal(with_niko.gap, plain.gap)


def test_kdr_and_mock_exams_stay_out_by_default_too(small_region):
    schools, results, context = small_region
    plain = compute(schools, results, context)
    extra = pd.concat([results, _extra(results, "KDR", 7, seed=2), _extra(results, "MOCK", 9, seed=3)])
    assert_frame_equal(compute(schools, extra, context).table, plain.table)


def test_naming_kdr_among_the_exam_assessments_puts_it_into_the_index(small_region):
    schools, results, context = small_region
    kdr = _extra(results, "KDR", 7, seed=2)
    with_kdr = pd.concat([results, kdr], ignore_index=True)
    params = Parameters(exam_assessments=("OGE", "EGE", "KDR"))

    named = compute(schools, with_kdr, context, params=params)
    assert "KDR" in set(named.indicators["assessment"])
    without = compute(schools, results, context, params=params)
    changed = named.table["quality_index"].to_numpy() != without.table["quality_index"].to_numpy()
    assert changed.any()
    # Named as an exam, КДР joins the top/bottom gap of ОГЭ/ЕГЭ indicators as well.
    assert "KDR" in set(named.gap["assessment"])


# --- the passport's component ----------------------------------------------------------------


@pytest.fixture
def school(db):
    school = SchoolFactory(code="T0001")
    AssessmentResultFactory(school=school, year=2024, assessment="VPR", grade=5, subject="math")
    AssessmentResultFactory(school=school, year=2023, assessment="NIKO", grade=6, subject="math", mean_score=12.5)
    AssessmentResultFactory(school=school, year=2024, assessment="MOCK", grade=9, subject="russian")
    AssessmentResultFactory(school=school, year=2024, assessment="KDR", grade=7, subject="math")
    AssessmentResultFactory(assessment="NIKO")  # another school's
    return school


def test_results_for_lists_the_schools_other_assessments_latest_years_first(school):
    results = other_assessments.results_for(school, Parameters())
    assert [(r.year, r.assessment, r.grade) for r in results] == [
        (2024, "KDR", 7),
        (2024, "MOCK", 9),
        (2023, "NIKO", 6),
    ]
    assert [r.subject_name for r in results] == ["математика", "русский язык", "математика"]


def test_an_assessment_the_index_includes_is_not_listed_as_outside_it(school):
    params = Parameters(exam_assessments=("OGE", "EGE", "KDR"))
    assert "KDR" not in {r.assessment for r in other_assessments.results_for(school, params)}
    # Without parameters, those of the latest successful run decide.
    ComputationRun.objects.create(
        started_at=timezone.now(),
        status=ComputationRun.Status.SUCCESS,
        parameters=params.to_dict(),
        input_fingerprint="0" * 64,
        engine_version="test",
    )
    assert [r.assessment for r in other_assessments.results_for(school)] == ["MOCK", "NIKO"]


def test_the_component_shows_a_small_table_outside_the_index(school):
    html = render_to_string(
        "analytics/components/other_assessments.html",
        {"other_assessments": other_assessments.results_for(school, Parameters())},
    )
    assert "Другие оценочные процедуры" in html and "Не входят в индекс качества" in html
    assert 'tabindex="0"' in html  # the table scrolls by keyboard on a narrow screen
    assert "НИКО" in html and "Пробный экзамен" in html and "Региональная диагностическая работа (КДР)" in html
    assert "Математика" in html and "12,50" in html
    assert "ВПР" not in html
    assert render_to_string("analytics/components/other_assessments.html", {"other_assessments": []}).strip() == ""
