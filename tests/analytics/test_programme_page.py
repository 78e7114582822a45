"""/analytics/programme/: the programme's targets, each target's shortfalls and records, the
export; who may see it and what a municipal specialist sees."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from django.utils import timezone

from analytics.access import Level, Scope
from analytics.models import AccessLog, ComputationRun, GapResult, Partnership, SchoolYearResult
from analytics.programme_monitoring import monitoring
from tests.factories import communities
from tests.factories import programme as p
from tests.factories.analytics import municipal_specialist, regional_analyst, school_leader
from tests.factories.registry import MunicipalityFactory, SchoolFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

YEAR = p.YEAR
URL = "/analytics/programme/"


def target_url(code, **query):
    suffix = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/analytics/programme/targets/{code}/" + (f"?{suffix}" if suffix else "")


def stored_run(rows, years=(YEAR - 1, YEAR)):
    """A successful run holding ``rows``: (school, year, low_results, unfavourable, group)."""
    run = ComputationRun.objects.create(
        started_at=timezone.now(),
        status=ComputationRun.Status.SUCCESS,
        input_fingerprint="test",
        years=list(years),
        engine_version="test",
    )
    for school, year, low, unfavourable, group in rows:
        SchoolYearResult.objects.create(
            run=run,
            school=school,
            year=year,
            quality_index=0.7 + group * 0.05,
            isbs=0.6 if unfavourable else 1.1,
            quality_group=group,
            low_results=low,
            unfavourable=unfavourable,
        )
    return run


class Region:
    """Северный район: programme schools A (every record) and B (a draft agreement, three
    trained teachers, no event); Южный район: programme school C (no records) and the strong
    school D."""

    def __init__(self):
        self.north = MunicipalityFactory(name="Северный район")
        self.south = MunicipalityFactory(name="Южный район")
        self.a = SchoolFactory(code="N001", name="Школа Альфа", municipality=self.north)
        self.b = SchoolFactory(code="N002", name="Школа Бета", municipality=self.north)
        self.c = SchoolFactory(code="S001", name="Школа Южная", municipality=self.south)
        self.d = SchoolFactory(code="S002", name="Лицей Сильный", municipality=self.south)
        rows = []
        for year in (YEAR - 1, YEAR):
            rows += [
                (self.a, year, year == YEAR - 1, False, 3 if year == YEAR - 1 else 7),
                (self.b, year, True, False, 2),
                (self.c, year, True, True, 1),
                (self.d, year, False, False, 10),
            ]
        self.run = stored_run(rows)
        for school in (self.a, self.b, self.c):
            p.ParticipationFactory(school=school, year=YEAR - 1)
        p.full_programme_school(self.a)
        p.ParticipationFactory(school=self.b, tutor="")
        p.ImprovementProgrammeFactory(school=self.b, status="submitted")
        p.PartnershipFactory(low_school=self.b, strong_school=self.d, status=Partnership.Status.DRAFT)
        p.trained_staff(self.b, people=3)
        p.CourseFactory(school=self.b, hours=16)
        p.ParticipationFactory(school=self.c, recommendations_on=None)
        p.MunicipalProgrammeFactory(municipality=self.north)


@pytest.fixture
def place():
    return Region()


@pytest.fixture
def analyst(client, place):
    client.force_login(regional_analyst())
    return client


@pytest.fixture
def north_specialist(client, place):
    client.force_login(municipal_specialist(place.north))
    return client


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- who may see it ---------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client, place):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login" in response["Location"] or "next=" in response["Location"]
    assert client.get(target_url("trained_staff")).status_code == 302
    assert client.get("/analytics/programme/export.csv").status_code == 302


def test_school_leader_and_account_without_analytics_are_refused(client, place):
    client.force_login(school_leader(place.a))
    assert client.get(URL).status_code == 403
    assert client.get(target_url("trained_staff")).status_code == 403
    assert client.get("/analytics/programme/export.xlsx").status_code == 403
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403


def test_without_a_computation_the_page_says_so(client):
    client.force_login(regional_analyst())
    text = page(client, URL)
    assert "расчёт индексов ещё не выполнялся" in text


def test_the_nav_links_to_the_page_for_those_who_may_see_it(analyst):
    assert 'href="/analytics/programme/"' in page(analyst, "/analytics/schools/")


# --- the page -----------------------------------------------------------------------------------


def test_region_sees_every_target_with_value_target_and_verdict_in_words(analyst, place):
    text = page(analyst, URL)
    result = monitoring(Scope(Level.REGION), YEAR)
    assert f"Мониторинг программы, {YEAR} год" in text
    for t in result.targets:
        assert t.title in text
        assert target_url(t.code, year=YEAR).replace("&", "&amp;") in text
    tutors = result.target("tutor_assigned")
    assert (tutors.numerator, tutors.denominator) == (2, 3)
    assert "2 из 3 школ" in text
    assert "66,7\u00a0%" in text
    assert "цель не достигнута" in text and "цель достигнута" in text
    assert f"{YEAR - 1}: " in text  # the trend across years


def test_page_lists_rows_not_measured_here_with_why(analyst):
    text = page(analyst, URL)
    assert "Не измеряется на портале" in text
    assert "нужны сведения о вакансиях и укомплектованности кадрами (форма ОО-1)" in text
    # Parents' satisfaction is measured from the surveys now, not listed among these.
    assert "нужны результаты анкетирования родителей" not in text
    for word in ("скоро", "в разработке", "TODO"):
        assert word not in text


def test_page_links_exports_and_the_annual_report_of_the_year(analyst):
    text = page(analyst, f"{URL}?year={YEAR - 1}")
    assert f"/analytics/programme/export.csv?year={YEAR - 1}" in text
    assert f"/analytics/programme/export.xlsx?year={YEAR - 1}&amp;kind=shortfalls" in text
    assert f"/analytics/programme/report.pdf?year={YEAR - 1}" in text


def test_year_chooser_and_bad_years_fall_back_to_the_latest(analyst):
    assert f"Мониторинг программы, {YEAR - 1} год" in page(analyst, f"{URL}?year={YEAR - 1}")
    for bad in ("abc", "1999", "99999999999999999999", "2024'--", "%00", "-1", "２０２４"):
        assert f"Мониторинг программы, {YEAR} год" in page(analyst, f"{URL}?year={bad}")


def test_municipal_specialist_sees_only_their_municipality(north_specialist, place):
    text = page(north_specialist, URL)
    assert "2 из 2 школ" in text  # programme share: A and B of the north
    for code in ("trained_staff", "recommendations_given", "active_partnership", "indices_computed"):
        detail = page(north_specialist, target_url(code))
        assert place.c.name not in detail and place.c.code not in detail
    result = monitoring(Scope(Level.MUNICIPALITY, municipality_id=place.north.pk), YEAR)
    schools = {s.school for t in result.targets for s in t.shortfalls if s.school}
    assert schools <= {place.a, place.b}


def test_page_visits_are_in_the_access_log(analyst):
    page(analyst, URL)
    page(analyst, target_url("trained_staff"))
    assert AccessLog.objects.filter(action="view", object_ref__startswith="мониторинг программы").exists()
    assert AccessLog.objects.filter(action="view", object_ref__startswith="показатель программы trained_staff").exists()


# --- a target's page ------------------------------------------------------------------------------


def test_target_page_shows_definition_value_and_who_falls_short_with_passport_links(analyst, place):
    text = page(analyst, target_url("trained_staff"))
    assert "Как считается" in text
    assert "не менее 5 разных педагогов" in text
    assert "1 из 3 школ" in text
    assert "3 педагога с курсами от 32 ч из 5 нужных" in text
    assert f'href="/analytics/schools/{place.b.code}/"' in text
    assert "0 педагогов с курсами от 32 ч из 5 нужных" in text  # C


def test_trained_staff_trace_lists_people_and_courses_counted_or_not(analyst, place):
    text = page(analyst, target_url("trained_staff"))
    assert "Записи, из которых складывается значение" in text
    courses = place.b.professional_development.all()
    for course in courses:
        assert course.person in text
    assert "не учтено" in text  # B's 16-hour course


def test_partnership_target_names_the_draft_and_shows_partner_suggestions(analyst, place):
    text = page(analyst, target_url("active_partnership"))
    assert "нет действующего соглашения (есть проект)" in text
    assert "нет соглашения о партнёрстве" in text
    assert "Подбор школ-партнёров" in text
    assert "Проект" in text  # the draft in the records


def test_municipal_programme_target_lists_municipalities(analyst, place):
    text = page(analyst, target_url("municipal_programme"))
    assert "1 из 2 муниципалитетов" in text
    assert f"нет муниципальной программы поддержки школ на {YEAR} год" in text
    assert place.south.name in text


def test_left_low_results_follows_last_year_cohort(analyst, place):
    text = page(analyst, target_url("left_low_results"))
    assert "1 из 3 школ" in text  # A left the list, B and C did not
    assert f"в {YEAR} году по-прежнему ШНОР (группа 2)" in text


def test_gap_target_reads_the_runs_gap_results(analyst, place):
    for subject, change in (("math", -1.0), ("russian", 0.5)):
        GapResult.objects.create(
            run=place.run, year=YEAR, assessment="OGE", grade=9, subject=subject, n_schools=40, n_tail=4,
            top_mean=20.0, bottom_mean=10.0, gap=10.0, previous_gap=10.1, gap_change_pct=change,
            target_met=change <= -0.3,
        )  # fmt: skip
    text = page(analyst, target_url("gap_reduction"))
    assert "−0,25\u00a0%" in text
    assert "ОГЭ, 9 кл., русский язык: разрыв изменился на +0,5%" in text


def test_events_from_calendar_and_records_are_traced_with_their_source_and_counted_once(analyst, place, home):
    calendar = communities.make_calendar(home)
    start = datetime.datetime(YEAR, 5, 14, 10, tzinfo=communities.MOSCOW)
    communities.make_event(
        calendar,
        title="Стажировка в школе Альфа",
        start=start,
        end=start + datetime.timedelta(hours=5),
        host_school=place.a,
        hours=Decimal("5"),
        counts_as_experience_exchange=True,
    )
    # The same meeting written down by hand too, and three more regional exchanges.
    p.exchange_event(title="Стажировка в школе Альфа", date=datetime.date(YEAR, 5, 14))
    for month in (2, 3, 4):
        p.exchange_event(title=f"Региональный семинар {month}", date=datetime.date(YEAR, month, 10))
    text = page(analyst, target_url("exchange_events"))
    assert "календарь" in text and "запись программы" in text
    assert text.count("Стажировка в школе Альфа") == 1
    result = monitoring(Scope(Level.REGION), YEAR)
    assert result.target("exchange_events").value == 4
    assert result.target("exchange_events").met is True


def test_unknown_or_not_measured_indicator_is_404(analyst):
    for code in ("nothing", "parents_satisfaction", "None", "gap_reduction-x"):
        assert analyst.get(target_url(code)).status_code == 404
    assert analyst.get("/analytics/programme/targets/%00/").status_code == 404


def test_target_page_survives_hostile_parameters(analyst):
    for query in ("year=abc&page=-1", "year=0&page=99999", "page=abc", "year=%00", "year=2024&year=2023"):
        response = analyst.get(target_url("trained_staff") + "?" + query)
        assert response.status_code == 200


# --- export -------------------------------------------------------------------------------------


def test_csv_export_of_targets_has_russian_headers_and_values(analyst):
    response = analyst.get(f"/analytics/programme/export.csv?year={YEAR}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="programme-targets-{YEAR}.csv"'
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][:4] == ["№", "Показатель", "Год", "Значение"]
    by_title = {r[1]: r for r in rows[1:]}
    tutors = next(
        r for title, r in by_title.items() if title.startswith("Доля школ — участников программы, за которыми")
    )
    assert tutors[3] == "66,7" and tutors[8] == "не достигнута"
    assert any(r[8] == "не измеряется на портале" for r in rows[1:])
    assert len(rows) == 1 + 24


def test_shortfall_export_is_formula_safe_and_scoped(client, place):
    place.b.name = '=HYPERLINK("http://evil.example")'
    place.b.save()
    client.force_login(municipal_specialist(place.north))
    response = client.get(f"/analytics/programme/export.xlsx?year={YEAR}&kind=shortfalls")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("№", "Показатель", "Год", "Код школы", "Школа", "Муниципалитет", "Причина")
    names = {r[4] for r in rows[1:]}
    assert '\'=HYPERLINK("http://evil.example")' in names
    assert place.c.name not in names
    assert all(r[5] in ("Северный район", None, "") for r in rows[1:])
    assert AccessLog.objects.filter(action="export").exists()


def test_unknown_export_kind_gives_the_targets(analyst):
    response = analyst.get("/analytics/programme/export.csv?kind=../../etc")
    assert response.status_code == 200
    assert "programme-targets-" in response["Content-Disposition"]


def test_municipal_figures_count_regional_and_own_events_only_and_hide_other_hosts(north_specialist, place):
    p.exchange_event(title="Региональная конференция", date=datetime.date(YEAR, 3, 1), host_school=place.d)
    p.exchange_event(
        title="Муниципальный день Юга", level="municipal", municipality=place.south, date=datetime.date(YEAR, 4, 1)
    )
    p.exchange_event(
        title="Муниципальный день Севера", level="municipal", municipality=place.north, date=datetime.date(YEAR, 5, 1)
    )
    p.exchange_event(title="Запланированный семинар", date=timezone.localdate() + datetime.timedelta(days=30))
    text = page(north_specialist, target_url("exchange_events"))
    assert "Региональная конференция" in text and "Муниципальный день Севера" in text
    assert "Муниципальный день Юга" not in text
    assert place.d.name not in text and "школа другого муниципалитета" in text
    result = monitoring(Scope(Level.MUNICIPALITY, municipality_id=place.north.pk), YEAR)
    assert result.target("exchange_events").value == 2


def test_a_target_without_records_on_the_portal_shows_no_data_rather_than_zero(analyst):
    from analytics.models import MentoringPair

    MentoringPair.objects.all().delete()
    text = page(analyst, target_url("mentoring_pair"))
    assert "Нет данных за 2024 год" in text
    assert "0\u00a0%" not in text.split("Значение по годам")[0]
    assert "нет данных" in page(analyst, URL)
