"""import_data: all or nothing, every bad input named by row and column in Russian."""

import io
from pathlib import Path

import pandas as pd
import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from analytics.models import AssessmentResult, ImportRecord, RiskProfile, SocialContext
from registry.models import Municipality, School
from tests.factories.registry import MunicipalityFactory, SchoolFactory

HEADER = (
    "school_code,year,assessment,grade,subject,participants,mean_score,sd,fail_share,marks_2,marks_3,marks_4,marks_5"
)


@pytest.fixture
def school(db):
    return SchoolFactory(code="T0001", name="Тестовая школа")


def run(kind, path, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_data", kind, str(path), stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def fail(kind, path):
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_data", kind, str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue() + "\n" + str(exc.value)


def write(tmp_path, text, name="results.csv", encoding="utf-8"):
    path = Path(tmp_path) / name
    path.write_bytes(text.encode(encoding))
    return path


def results_count():
    return AssessmentResult.objects.filter(school__code="T0001").count()


def test_a_good_results_file_is_imported_and_recorded(tmp_path, school):
    path = write(tmp_path, f"{HEADER}\nT0001,2024,OGE,9,math,20,15.5,4.1,0.1,0.1,0.4,0.3,0.2\n")
    out, _ = run("results", path)
    assert "создано 1" in out
    record = ImportRecord.objects.latest("created_at")
    assert (record.kind, record.rows, record.created, record.file_name) == ("results", 1, 1, "results.csv")
    assert len(record.sha256) == 64


def test_reimport_updates_rows_instead_of_duplicating(tmp_path, school):
    run("results", write(tmp_path, f"{HEADER}\nT0001,2024,OGE,9,math,20,15.5,,,,,,\n"))
    out, _ = run("results", write(tmp_path, f"{HEADER}\nT0001,2024,OGE,9,math,22,16.0,,,,,,\n"))
    assert "обновлено 1" in out
    assert results_count() == 1
    assert AssessmentResult.objects.get(school=school).participants == 22


def test_dry_run_writes_nothing(tmp_path, school):
    before = ImportRecord.objects.count()
    out, _ = run("results", write(tmp_path, f"{HEADER}\nT0001,2024,OGE,9,math,20,15.5,,,,,,\n"), dry_run=True)
    assert "Ничего не записано" in out
    assert results_count() == 0
    assert ImportRecord.objects.count() == before


def test_windows_1251_semicolon_csv_with_russian_headers_and_decimal_commas(tmp_path, school):
    text = (
        "Код школы;Год;Процедура;Класс;Предмет;Число участников;Средний балл\r\nT0001;2024;ОГЭ;9;Математика;20;15,5\r\n"
    )
    run("results", write(tmp_path, text, encoding="cp1251"))
    row = AssessmentResult.objects.get(school=school)
    assert (row.assessment, row.subject, row.mean_score) == ("OGE", "math", 15.5)


def test_utf8_with_bom_is_accepted(tmp_path, school):
    run("results", write(tmp_path, "\ufeff" + f"{HEADER}\nT0001,2024,VPR,4,russian,20,25,,,,,,\n"))
    assert results_count() == 1


def test_xlsx_is_accepted(tmp_path, school):
    path = Path(tmp_path) / "context.xlsx"
    pd.DataFrame(
        {
            "Код школы": ["T0001"],
            "Год": [2024],
            "Доля семей с высшим образованием": [0.3],
            "Доля неполных семей": [0.2],
            "kdn_share": [0.01],
        }
    ).to_excel(path, index=False)
    run("context", path)
    assert SocialContext.objects.get(school=school, year=2024).single_parent_share == 0.2


def test_schools_booleans_accept_russian_words(tmp_path, db):
    municipality = MunicipalityFactory(name="Заречный район")
    text = (
        "code,name,municipality,locality,is_small,advanced_study,students\n"
        f"T0002,Школа,{municipality.name},сельская,да,0,40\n"
    )
    run("schools", write(tmp_path, text, "schools.csv"))
    school = School.objects.get(code="T0002")
    assert (school.is_small, school.advanced_study, school.locality) == (True, False, "rural")


@pytest.mark.parametrize(
    ("line", "row", "column", "words"),
    [
        ("X9999,2024,OGE,9,math,20,15.5,,,,,,", 3, "school_code", "нет в реестре"),
        ("T0001,2024,OGE,9,math,много,15.5,,,,,,", 3, "participants", "ожидалось число"),
        ("T0001,2024,OGE,9,math,0,15.5,,,,,,", 3, "participants", "больше нуля"),
        ("T0001,2024,OGE,9,math,-3,15.5,,,,,,", 3, "participants", "больше нуля"),
        ("T0001,2024,OGE,9,math,20,0,,,,,,", 3, "mean_score", "больше нуля"),
        ("T0001,2024,OGE,9,math,20,15.5,,1.4,,,,", 3, "fail_share", "от 0 до 1"),
        ("T0001,2024,OGE,9,math,20,15.5,,,0.5,0.5,0.5,0", 3, "marks_2", "в сумме"),
        ("T0001,1999,OGE,9,math,20,15.5,,,,,,", 3, "year", "год должен быть"),
        ("T0001,2024,OGE,9,math,20,15.5,,,,,,", 3, "school_code", "повторяет строку 2"),
    ],
)
def test_a_bad_row_names_row_and_column_and_nothing_is_written(tmp_path, school, line, row, column, words):
    good = "T0001,2024,OGE,9,russian,20,24.0,,,,,,"
    if "повторяет" in words:
        good = "T0001,2024,OGE,9,math,20,15.5,,,,,,"
    before = ImportRecord.objects.count()
    message = fail("results", write(tmp_path, f"{HEADER}\n{good}\n{line}\n"))
    assert f"Строка {row}" in message
    assert f"«{column}" in message
    assert words in message
    assert "Ничего не загружено" in message
    assert results_count() == 0
    assert ImportRecord.objects.count() == before


def test_unknown_municipality_is_an_error_once_the_registry_exists(tmp_path, db):
    MunicipalityFactory(name="Заречный район")
    text = "code,name,municipality\nT0003,Школа,Несуществующий район\n"
    message = fail("schools", write(tmp_path, text, "schools.csv"))
    assert "Строка 2" in message and "«municipality»" in message and "нет в реестре" in message
    assert not School.objects.filter(code="T0003").exists()


def test_unknown_risk_and_level_are_errors(tmp_path, school):
    text = "school_code,year,risk,level\nT0001,2024,teacher_shortage,высокий\nT0001,2024,no_such_risk,очень\n"
    message = fail("risks", write(tmp_path, text, "risks.csv"))
    assert "Строка 3, столбец «risk»" in message
    assert "Строка 3, столбец «level»" in message
    assert not RiskProfile.objects.filter(school=school).exists()


def test_missing_required_columns_are_named(tmp_path, school):
    message = fail("results", write(tmp_path, "school_code,year,assessment,grade,subject\nT0001,2024,OGE,9,math\n"))
    assert "participants" in message and "mean_score" in message
    assert results_count() == 0


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"", "results.csv", "пуст"),
        (HEADER.encode() + b"\n", "results.csv", "нет ни одной строки"),
        (b"%PDF-1.4\x00\x01\x02binary", "results.pdf", "не похож"),
        (b"PK\x03\x04not really a workbook", "results.xlsx", "XLSX"),
    ],
)
def test_files_that_are_not_tables_are_refused(tmp_path, school, content, name, words):
    path = Path(tmp_path) / name
    path.write_bytes(content)
    message = fail("results", path)
    assert words in message
    assert results_count() == 0


def test_first_schools_file_founds_the_municipality_registry(tmp_path, db):
    assert not Municipality.objects.exists()
    text = "code,name,municipality\nN1,Школа 1,Новый район\nN2,Школа 2,Новый район\n"
    out, _ = run("schools", write(tmp_path, text, "schools.csv"))
    assert "Созданы муниципалитеты (1): Новый район" in out
    assert School.objects.filter(municipality__name="Новый район").count() == 2
