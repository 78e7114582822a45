"""Import of the programme's records (issue 13): every kind through the command line (create,
then re-import as updates), every bad-input rule with its Russian message and nothing written,
the importing user's scope through the admin's import, and the downloadable templates.
"""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models

from analytics import admin_views
from analytics.importing import SCHEMAS
from analytics.importing.columns import choice_key, normalise_header
from analytics.importing.programme_schema import PROGRAMME_SCHEMAS
from analytics.models import (
    ImportRecord,
    ImprovementProgramme,
    MentoringPair,
    MunicipalProgramme,
    Partnership,
    ProfessionalDevelopment,
    ProgrammeEvent,
    ProgrammeParticipation,
)
from tests.factories.analytics import municipal_specialist, regional_analyst, school_leader
from tests.factories.registry import MunicipalityFactory, SchoolFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/analytics/import/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Pending uploads go to the default storage; here, a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def region(db):
    """Two schools of «Заречный район» (code ZR) and one of «Нагорный район»."""
    home = MunicipalityFactory(name="Заречный район", code="ZR")
    other = MunicipalityFactory(name="Нагорный район", code="NG")
    return {
        "home": home,
        "other": other,
        "P0001": SchoolFactory(code="P0001", municipality=home),
        "P0002": SchoolFactory(code="P0002", municipality=home),
        "P0101": SchoolFactory(code="P0101", municipality=other),
    }


def run(tmp_path, kind, text, name="file.csv"):
    path = Path(tmp_path) / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    out = io.StringIO()
    call_command("import_data", kind, str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(tmp_path, kind, text):
    """The errors the command prints for a bad file; it must have written nothing."""
    path = Path(tmp_path) / "bad.csv"
    path.write_bytes(text.encode("utf-8"))
    err = io.StringIO()
    records = ImportRecord.objects.count()
    with pytest.raises(CommandError) as refusal:
        call_command("import_data", kind, str(path), stdout=io.StringIO(), stderr=err)
    assert ImportRecord.objects.count() == records
    return err.getvalue() + "\n" + str(refusal.value)


# --- each kind: created, then updated by the same key ---------------------------------------


def test_participation_is_created_with_russian_values_and_updated_by_school_year_and_role(tmp_path, region):
    out = run(
        tmp_path,
        "participation",
        "Код школы;Год;Статус в программе;Категория;Тьютор;Рекомендации переданы\n"
        "P0001;2024;Школа — участник программы;ШНОР;Соколова И. П.;15.02.2024\n"
        "P0002;2024;школа-партнёр;;;\n"
        "P0101;2024;;шфнсу;;\n",
    )
    assert "создано 3" in out
    first = ProgrammeParticipation.objects.get(school=region["P0001"])
    assert (first.role, first.category, first.tutor, first.recommendations_on) == (
        "programme_school",
        "low_results",
        "Соколова И. П.",
        datetime.date(2024, 2, 15),
    )
    assert ProgrammeParticipation.objects.get(school=region["P0002"]).role == "partner_school"
    # An empty status means a programme school.
    assert ProgrammeParticipation.objects.get(school=region["P0101"]).role == "programme_school"

    out = run(tmp_path, "participation", "school_code,year,category,tutor\nP0001,2024,ШНОР и ШФНСУ,Орлова А. А.\n")
    assert "создано 0, обновлено 1" in out
    first.refresh_from_db()
    assert (first.category, first.tutor) == ("both", "Орлова А. А.")
    assert first.recommendations_on == datetime.date(2024, 2, 15)  # a column left out is left alone
    assert ProgrammeParticipation.objects.count() == 3


def test_school_programmes_are_keyed_by_school_kind_risk_and_start(tmp_path, region):
    text = (
        "school_code,kind,risk,status,start_date,end_date,approved_on\n"
        "P0001,Антирисковая программа,Дефицит педагогических кадров,утверждена,2024-01-01,31.12.2025,01.03.2024\n"
        "P0001,Антирисковая программа,low_equipment,черновик,2024-01-01,31.12.2025,\n"
        "P0001,повышение качества,,,01.09.2024,2025-08-31,\n"
    )
    assert "создано 3" in run(tmp_path, "school_programmes", text)
    staff = ImprovementProgramme.objects.get(risk__code="teacher_shortage")
    assert (staff.kind, staff.status, staff.approved_on) == ("anti_risk", "approved", datetime.date(2024, 3, 1))
    quality = ImprovementProgramme.objects.get(kind="quality")
    assert (quality.risk, quality.status, quality.end_date) == (None, "draft", datetime.date(2025, 8, 31))

    again = text.replace("утверждена,", "отчёт о реализации представлен,").replace(
        ",,01.09.2024", ",утверждена,01.09.2024"
    )
    again = again.replace("2025-08-31,\n", "2025-08-31,10.09.2024\n")
    assert "создано 0, обновлено 3" in run(tmp_path, "school_programmes", again)
    assert ImprovementProgramme.objects.count() == 3
    assert ImprovementProgramme.objects.get(pk=staff.pk).status == "reported"
    assert ImprovementProgramme.objects.get(pk=quality.pk).status == "approved"


def test_municipal_programmes_accept_a_municipality_by_name_or_code(tmp_path, region):
    text = "Муниципалитет;Год;Название;Дата утверждения\nZR;2024;Поддержка школ;20.01.2024\n"
    assert "создано 1" in run(tmp_path, "municipal_programmes", text)
    programme = MunicipalProgramme.objects.get()
    assert (programme.municipality, programme.approved_on) == (region["home"], datetime.date(2024, 1, 20))
    text = "Муниципалитет;Год;Название;Дата утверждения\nЗаречный район;2024;Поддержка школ;21.01.2024\n"
    assert "обновлено 1" in run(tmp_path, "municipal_programmes", text)
    assert MunicipalProgramme.objects.get().approved_on == datetime.date(2024, 1, 21)


def test_partnerships_are_imported_with_directions_by_name_or_code(tmp_path, region):
    header = "Поддерживаемая школа,Школа-партнёр,Номер соглашения,Статус,Дата начала,Дата окончания,Направления\n"
    run(
        tmp_path,
        "partnerships",
        header + "P0001,P0101,12/24,подписано,2024-01-15,2025-06-30,management; Наставничество\n",
    )
    agreement = Partnership.objects.get()
    assert (agreement.low_school, agreement.strong_school, agreement.status) == (
        region["P0001"],
        region["P0101"],
        "signed",
    )
    assert set(agreement.directions.values_list("code", flat=True)) == {"management", "mentoring"}
    assert list(Partnership.objects.active()) == [agreement]

    out = run(
        tmp_path, "partnerships", header + "P0001,P0101,12/24,завершено,15.01.2024,30.06.2025,совместные семинары\n"
    )
    assert "создано 0, обновлено 1" in out
    agreement.refresh_from_db()
    assert agreement.status == "ended"
    assert list(agreement.directions.values_list("code", flat=True)) == ["seminars"]
    assert Partnership.objects.count() == 1


def test_mentoring_pairs_are_updated_by_school_mentor_mentee_and_start(tmp_path, region):
    header = "Код школы;Наставник;Школа наставника;Наставляемый педагог;Предмет;Начало;Окончание\n"
    run(tmp_path, "mentoring", header + "P0001;Петров П. П.;P0101;Сидорова А. А.;математика;01.09.2024;\n")
    pair = MentoringPair.objects.get()
    assert (pair.mentor_school, pair.end_date) == (region["P0101"], None)
    assert "обновлено 1" in run(
        tmp_path, "mentoring", header + "P0001;Петров П. П.;;Сидорова А. А.;математика;01.09.2024;31.05.2025\n"
    )
    pair.refresh_from_db()
    assert (pair.mentor_school, pair.end_date) == (None, datetime.date(2025, 5, 31))
    assert MentoringPair.objects.count() == 1


def test_training_takes_its_year_from_the_completion_date_when_not_given(tmp_path, region):
    header = "ФИО;Должность;Код школы;Курс;Объём, часов;Форма обучения;Дата окончания;Год\n"
    text = header + (
        "Иванова М. И.;учитель математики;P0001;Формирующее оценивание;36;очная;20.11.2024;\n"
        "Петров А. Б.;;P0001;Читательская грамотность;72;заочная;;2024\n"
    )
    assert "создано 2" in run(tmp_path, "training", text)
    course = ProfessionalDevelopment.objects.get(person="Иванова М. И.")
    assert (course.year, course.hours, course.study_form) == (2024, 36, "full_time")
    assert ProfessionalDevelopment.objects.get(person="Петров А. Б.").study_form == "distance"

    assert "обновлено 1" in run(tmp_path, "training", text.replace(";36;", ";40;").split("Петров")[0])
    course.refresh_from_db()
    assert course.hours == 40
    assert ProfessionalDevelopment.objects.count() == 2


def test_programme_events_take_the_host_schools_municipality(tmp_path, region):
    header = "Название;Дата;Продолжительность, часов;Уровень;Школа-организатор;Муниципалитет;Обмен опытом;Участников\n"
    text = header + (
        "Семинар учителей математики;12.03.2024;4;школьное;P0001;;да;25\n"
        "Круглый стол;2024-04-10;2,5;муниципальное;;Заречный район;нет;\n"
        "Региональная конференция;2024-05-20;6;региональное;;;;\n"
    )
    assert "создано 3" in run(tmp_path, "programme_events", text)
    seminar = ProgrammeEvent.objects.get(title="Семинар учителей математики")
    assert (seminar.host_school, seminar.municipality, seminar.hours, seminar.is_exchange, seminar.participants) == (
        region["P0001"],
        region["home"],
        Decimal("4.0"),
        True,
        25,
    )
    table = ProgrammeEvent.objects.get(title="Круглый стол")
    assert (table.hours, table.is_exchange, table.level) == (Decimal("2.5"), False, "municipal")
    assert ProgrammeEvent.objects.get(title="Региональная конференция").municipality is None

    assert "создано 0, обновлено 3" in run(tmp_path, "programme_events", text.replace(";да;25", ";да;30"))
    seminar.refresh_from_db()
    assert seminar.participants == 30
    assert ProgrammeEvent.objects.count() == 3


def test_an_xlsx_with_excel_dates_and_date_serials_is_read(tmp_path, region):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Код школы", "Наставник", "Наставляемый педагог", "Начало", "Окончание"])
    sheet.append(["P0001", "Петров П. П.", "Сидорова А. А.", datetime.date(2025, 3, 1), 45839])
    buffer = io.BytesIO()
    book.save(buffer)
    run(tmp_path, "mentoring", buffer.getvalue(), name="pairs.xlsx")
    pair = MentoringPair.objects.get()
    assert (pair.start_date, pair.end_date) == (datetime.date(2025, 3, 1), datetime.date(2025, 7, 1))


# --- bad input: a Russian message naming the row and column, nothing written -----------------


@pytest.mark.parametrize(
    ("kind", "text", "words"),
    [
        (
            "partnerships",
            "low_school,strong_school,start_date\nP0001,P0001,2024-01-15\n",
            "Строка 2, столбец «strong_school»: школа «P0001» не может заключить соглашение сама с собой",
        ),
        (
            "partnerships",
            "low_school,strong_school,start_date,end_date\nP0001,P0101,15.01.2024,01.01.2024\n",
            "дата окончания (01.01.2024) раньше даты начала (15.01.2024)",
        ),
        (
            "school_programmes",
            "school_code,kind,start_date,end_date\nP0001,переход,2025-01-01,2024-12-31\n",
            "раньше даты начала",
        ),
        (
            "mentoring",
            "school_code,mentor,mentee,start_date,end_date\nP0001,А,Б,2025-01-01,2024-12-31\n",
            "раньше даты начала",
        ),
        (
            "training",
            "person,school_code,course,hours,year\nИванова,P0001,Курс,0,2024\n",
            "объём курса должен быть больше нуля часов, а в ячейке «0»",
        ),
        (
            "training",
            "person,school_code,course,hours,year\nИванова,P0001,Курс,-8,2024\n",
            "больше нуля часов",
        ),
        (
            "training",
            "person,school_code,course,hours,completed_on,year\nИванова,P0001,Курс,36,20.11.2023,2024\n",
            "дата окончания курса (20.11.2023) не в 2024 году",
        ),
        (
            "training",
            "person,school_code,course,hours\nИванова,P0001,Курс,36\n",
            "укажите год или дату окончания курса",
        ),
        (
            "programme_events",
            "title,date,hours,level,host_school\nСеминар,2024-03-12,0,школьное,P0001\n",
            "продолжительность должна быть больше нуля часов",
        ),
        (
            "programme_events",
            "title,date,hours,level\nСеминар,2024-03-12,2,школьное\n",
            "для школьного мероприятия укажите школу-организатора",
        ),
        (
            "programme_events",
            "title,date,hours,level,host_school,municipality\nСеминар,2024-03-12,2,школьное,P0001,Нагорный район\n",
            "школа-организатор «P0001» из муниципалитета «Заречный район», а в строке указан «Нагорный район»",
        ),
        (
            "participation",
            "school_code,year\nP9999,2024\n",
            "школы с кодом «P9999» нет в реестре",
        ),
        (
            "partnerships",
            "low_school,strong_school,start_date\nP0001,P9999,2024-01-15\n",
            "Строка 2, столбец «strong_school»: школы с кодом «P9999» нет в реестре",
        ),
        (
            "municipal_programmes",
            "municipality,year,title\nНеизвестный район,2024,Поддержка\n",
            "муниципалитета «Неизвестный район» нет в реестре",
        ),
        (
            "school_programmes",
            "school_code,kind,start_date,end_date\nP0001,Антирисковая программа,2024-01-01,2025-12-31\n",
            "для антирисковой программы укажите риск",
        ),
        (
            "school_programmes",
            "school_code,kind,risk,start_date,end_date\nP0001,переход,low_equipment,2024-01-01,2025-12-31\n",
            "риск указывают только для антирисковой программы",
        ),
        (
            "school_programmes",
            "school_code,kind,risk,start_date,end_date\nP0001,антирисковая,нехватка мела,2024-01-01,2025-12-31\n",
            "риска «нехватка мела» нет в федеральном перечне",
        ),
        (
            "school_programmes",
            "school_code,kind,status,start_date,end_date\nP0001,переход,утверждена,2024-01-01,2025-12-31\n",
            "для утверждённой программы укажите дату утверждения",
        ),
        (
            "school_programmes",
            "school_code,kind,status,start_date,end_date\nP0001,переход,одобрена,2024-01-01,2025-12-31\n",
            "допустимые значения: «черновик», «представлена на согласование», «утверждена»",
        ),
        (
            "participation",
            "school_code,year,role\nP0001,2024,участник\n",
            "для школы — участника программы укажите категорию",
        ),
        (
            "participation",
            "school_code,year,role,category\nP0001,2024,пилотная площадка,ШНОР\n",
            "категорию указывают только для школ — участников программы",
        ),
        (
            "partnerships",
            "low_school,strong_school,start_date,directions\nP0001,P0101,2024-01-15,management; уборка территории\n",
            "нет такого направления сотрудничества: «уборка территории»",
        ),
        (
            "mentoring",
            "school_code,mentor,mentee,start_date\nP0001,А,Б,31.02.2024\n",
            "ожидалась дата в виде 01.03.2025 или 2025-03-01, а в ячейке «31.02.2024»",
        ),
        (
            "mentoring",
            "school_code,mentor,mentee,start_date\nP0001,А,Б,2024\n",
            "число «2024» прочитано как дата Excel 16.07.1905",
        ),
        (
            "mentoring",
            "school_code,mentor,mentee,start_date\nP0001,А,Б,01.09.2024\nP0001,А,Б,2024-09-01\n",
            "Строка 3, столбец «school_code, mentor, mentee, start_date»: повторяет строку 2",
        ),
    ],
)
def test_a_bad_row_is_named_in_russian_and_nothing_is_written(tmp_path, region, kind, text, words):
    assert words in refused(tmp_path, kind, text)
    model = admin_views.TABLES[kind]
    assert not model.objects.exists()


def test_one_bad_row_keeps_every_good_row_out(tmp_path, region):
    text = (
        "person,school_code,course,hours,year\n"
        "Иванова,P0001,Курс 1,36,2024\n"
        "Петров,P0001,Курс 2,72,2024\n"
        "Сидоров,P0001,Курс 3,0,2024\n"
    )
    errors = refused(tmp_path, "training", text)
    assert "Строка 4" in errors and "Строка 2" not in errors
    assert not ProfessionalDevelopment.objects.exists()


def test_every_choice_of_the_models_is_accepted_by_its_russian_label():
    """The import speaks the admin's words: each label the admin shows is a value the file may hold."""
    pairs = [
        ("participation", "role", ProgrammeParticipation.Role),
        ("participation", "category", ProgrammeParticipation.Category),
        ("school_programmes", "kind", ImprovementProgramme.Kind),
        ("school_programmes", "status", ImprovementProgramme.Status),
        ("partnerships", "status", Partnership.Status),
        ("training", "study_form", ProfessionalDevelopment.StudyForm),
        ("programme_events", "level", ProgrammeEvent.Level),
    ]
    for kind, column, choices in pairs:
        lookup = SCHEMAS[kind].column(column).choices
        for value, label in choices.choices:
            assert lookup.get(choice_key(label)) == value, (kind, label)
            assert lookup.get(choice_key(value)) == value, (kind, value)


def test_no_header_of_a_programme_file_means_two_columns():
    for schema in PROGRAMME_SCHEMAS.values():
        seen = {}
        for col in schema.columns:
            for alias in {normalise_header(a) for a in (col.name, col.label, *col.aliases)}:
                assert seen.setdefault(alias, col.name) == col.name, (schema.kind, alias)


# --- the admin's import: who may import what, within which scope ----------------------------


def upload(client, kind, text, name="file.csv"):
    return client.post(URL, {"kind": kind, "file": SimpleUploadedFile(name, text.encode("utf-8"))})


def confirm(client, response):
    """Preview (which counts what the file would create) and confirm a good upload."""
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Будет создано: <strong>" in client.get(response["Location"]).content.decode()
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    return client.post(f"{URL}{token}/confirm/", follow=True)


def problems_of(response) -> str:
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ничего не будет записано" in body
    return body.split('id="import-problems"', 1)[1].split("</table>", 1)[0]


PARTICIPATION = "school_code,year,category\n{}\n"


def test_a_municipal_specialist_imports_their_schools_and_not_another_municipalitys(client, region):
    client.force_login(municipal_specialist(region["home"]))
    page = client.get(URL).content.decode()
    for kind in PROGRAMME_SCHEMAS:
        assert f'value="{kind}"' in page
    assert 'value="results"' not in page and 'value="schools"' not in page

    refused = upload(client, "participation", PARTICIPATION.format("P0001,2024,ШНОР\nP0101,2024,ШФНСУ"))
    problems = problems_of(refused)
    assert "<td>3</td>" in problems
    assert "школа «P0101» вне вашей зоны ответственности (муниципалитет «Нагорный район»)" in problems
    assert "/confirm/" not in refused.content.decode()
    assert not ProgrammeParticipation.objects.exists()

    done = confirm(client, upload(client, "participation", PARTICIPATION.format("P0001,2024,ШНОР\nP0002,2024,ШФНСУ")))
    assert "Загружено (Участие школ в программе" in done.content.decode()
    assert ProgrammeParticipation.objects.count() == 2
    record = ImportRecord.objects.get()
    assert (record.kind, record.source, record.created) == ("participation", "admin", 2)
    assert "Участие школ в программе" in client.get(URL).content.decode()  # the journal names the kind


def test_a_municipal_specialist_may_not_import_another_municipalitys_programme(client, region):
    client.force_login(municipal_specialist(region["home"]))
    text = "municipality,year,title\nНагорный район,2024,Чужая программа\nZR,2024,Своя программа\n"
    problems = problems_of(upload(client, "municipal_programmes", text))
    assert "муниципалитет «Нагорный район» вне вашей зоны ответственности" in problems
    assert "Заречный" not in problems
    assert not MunicipalProgramme.objects.exists()


def test_an_agreement_belongs_to_its_supported_school_and_may_have_a_partner_from_elsewhere(client, region):
    client.force_login(municipal_specialist(region["home"]))
    mine = "low_school,strong_school,start_date\nP0001,P0101,2024-01-15\n"
    confirm(client, upload(client, "partnerships", mine))
    assert Partnership.objects.filter(low_school=region["P0001"], strong_school=region["P0101"]).exists()
    theirs = "low_school,strong_school,start_date\nP0101,P0001,2024-01-15\n"
    assert "школа «P0101» вне вашей зоны ответственности" in problems_of(upload(client, "partnerships", theirs))
    assert Partnership.objects.count() == 1


def test_events_of_a_municipal_specialist_need_their_school_or_municipality(client, region):
    client.force_login(municipal_specialist(region["home"]))
    text = (
        "title,date,hours,level,host_school,municipality\n"
        "Семинар,2024-03-12,2,школьное,P0001,\n"
        "Конференция,2024-03-13,6,региональное,,\n"
        "Круглый стол,2024-03-14,2,муниципальное,,Нагорный район\n"
        "Мастерская,2024-03-15,2,школьное,P0101,\n"
    )
    problems = problems_of(upload(client, "programme_events", text))
    assert "<td>2</td>" not in problems
    assert "укажите школу-организатора или муниципалитет из вашей зоны ответственности" in problems
    assert "муниципалитет «Нагорный район» вне вашей зоны ответственности" in problems
    assert "школа «P0101» вне вашей зоны ответственности" in problems
    assert not ProgrammeEvent.objects.exists()


def test_a_school_leader_imports_only_their_own_schools_records(client, region):
    client.force_login(school_leader(region["P0001"]))
    page = client.get(URL).content.decode()
    assert 'value="training"' in page and 'value="municipal_programmes"' not in page
    text = "person,school_code,course,hours,year\nИванова,P0001,Курс,36,2024\nПетров,P0002,Курс,36,2024\n"
    problems = problems_of(upload(client, "training", text))
    assert "школа «P0002» вне вашей зоны ответственности (муниципалитет «Заречный район»)" in problems
    assert upload(client, "municipal_programmes", "municipality,year,title\nZR,2024,Программа\n").status_code == 403
    confirm(client, upload(client, "training", text.split("Петров")[0]))
    assert ProfessionalDevelopment.objects.get().school == region["P0001"]


def test_a_regional_analyst_imports_for_the_whole_region(client, region):
    client.force_login(regional_analyst())
    text = (
        "title,date,hours,level,host_school\n"
        "Конференция,2024-03-13,6,региональное,\n"
        "Семинар,2024-03-14,2,школьное,P0101\n"
    )
    confirm(client, upload(client, "programme_events", text))
    assert ProgrammeEvent.objects.count() == 2


def test_rights_to_the_tables_without_a_scope_refuse_the_file_as_a_whole(client, region):
    user = UserFactory()
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["wagtailadmin", "analytics"],
            codename__in=["access_admin", "add_mentoringpair", "change_mentoringpair"],
        )
    )
    client.force_login(user)
    response = upload(client, "mentoring", "school_code,mentor,mentee,start_date\nP0001,А,Б,2024-09-01\n")
    body = response.content.decode()
    assert response.status_code == 200 and "error-message" in body
    assert "не привязана ни к муниципалитету, ни к школе" in body
    assert not MentoringPair.objects.exists()


def test_a_scope_lost_between_preview_and_confirm_writes_nothing(client, region):
    user = municipal_specialist(region["home"])
    client.force_login(user)
    response = upload(client, "participation", PARTICIPATION.format("P0001,2024,ШНОР"))
    assert response.status_code == 302
    user.staff_profile.municipality = region["other"]
    user.staff_profile.save()
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    done = client.post(f"{URL}{token}/confirm/")
    assert "ничего не записано" in done.content.decode()
    assert "вне вашей зоны ответственности" in done.content.decode()
    assert not ProgrammeParticipation.objects.exists()


@pytest.mark.parametrize("kind", sorted(PROGRAMME_SCHEMAS))
def test_each_programme_kind_has_downloadable_templates(client, kind):
    client.force_login(regional_analyst())
    csv = client.get(f"{URL}template/{kind}.csv")
    assert csv.status_code == 200
    assert csv.content.decode("utf-8-sig").strip() == ",".join(SCHEMAS[kind].names)
    xlsx = client.get(f"{URL}template/{kind}.xlsx")
    assert xlsx.status_code == 200
    assert list(pd.read_excel(io.BytesIO(xlsx.content)).columns) == SCHEMAS[kind].names


def test_every_programme_kind_writes_the_table_whose_rights_it_asks():
    for kind in PROGRAMME_SCHEMAS:
        assert issubclass(admin_views.TABLES[kind], models.Model)
        assert admin_views.import_permissions(kind)[0].startswith("analytics.add_")
