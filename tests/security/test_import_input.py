"""Hostile and out-of-range cells in imported files: each is a row error in Russian and the
file writes nothing, on SQLite and on PostgreSQL alike (which refused them with a traceback)."""

import io

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from analytics.models import AssessmentResult
from registry.models import Municipality, School
from tests.factories.registry import SchoolFactory


def refused(tmp_path, kind, text):
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_data", kind, str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue() + "\n" + str(exc.value)


@pytest.mark.django_db
def test_a_school_code_with_a_slash_is_refused_with_its_row(tmp_path):
    report = refused(tmp_path, "schools", "code,name,municipality\nT0001,Школа 1,Район\nT/1,Школа 2,Район\n")
    assert "Строка 3, столбец «code»" in report and "«T/1»" in report
    assert not School.objects.exists() and not Municipality.objects.exists()


@pytest.mark.django_db
def test_over_long_names_are_refused_not_cut(tmp_path):
    report = refused(tmp_path, "schools", f"code,name,municipality\nT0001,{'Ш' * 301},Район\n")
    assert "не длиннее 300 символов" in report
    assert not School.objects.exists()


@pytest.mark.django_db
def test_a_nul_byte_makes_the_file_refused_whole(tmp_path):
    report = refused(tmp_path, "schools", "code,name,municipality\nT0001,Школа\x00 1,Район\n")
    assert "Файл не похож на таблицу" in report
    assert not School.objects.exists()


@pytest.mark.django_db
def test_control_characters_in_a_cell_are_a_row_error(tmp_path):
    report = refused(tmp_path, "schools", "code,name,municipality\nT0001,Школа\x07 1,Район\n")
    assert "Строка 2, столбец «name»" in report and "управляющие символы" in report
    assert not School.objects.exists()


@pytest.mark.django_db
def test_integers_past_the_column_type_are_refused(tmp_path):
    SchoolFactory(code="T0001")
    report = refused(
        tmp_path,
        "results",
        "school_code,year,assessment,grade,subject,participants,mean_score\nT0001,2024,OGE,9,math,99999999999,15\n",
    )
    assert "слишком большое число" in report
    assert not AssessmentResult.objects.exists()
