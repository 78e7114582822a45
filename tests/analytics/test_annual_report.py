"""The annual analytic report (PDF): the region's and a municipality's figures of the stored
run and the programme records, who may have which report, and a clear state without data."""

import io

import pytest
from pypdf import PdfReader

from django.test import Client

from analytics.models import AccessLog, GapResult, ProgrammeParticipation, SchoolYearResult
from analytics.pdf import number, signed_percent
from analytics.views.common import NO_DATA, indicator_label, latest_run
from base.roles import METHODISTS
from tests.factories.analytics import municipal_specialist, region, regional_analyst, school_leader
from tests.factories.registry import MunicipalityFactory
from tests.factories.users import user_in

pytestmark = pytest.mark.django_db

URL = "/analytics/programme/report.pdf"
FLAGS = ("low_results", "unfavourable", "both", "stably_low", "resilient")
TUTOR_TITLE = "Доля школ — участников программы, за которыми закреплён тьютор или эксперт-консультант"


@pytest.fixture
def place(home):
    """A computed region of 40 schools in three municipalities, two years."""
    return region()


@pytest.fixture
def programme(place):
    """Two low-results programme schools of the latest year: ``own`` (the largest municipality)
    without a tutor, ``other`` (the next municipality) with one."""
    low = place.rows(low_results=True).select_related("school").order_by("school__code")
    own_m, other_m = place.municipalities[0], place.municipalities[1]
    own = next(r.school for r in low if r.school.municipality_id == own_m.pk)
    other = next(r.school for r in low if r.school.municipality_id == other_m.pk)
    for school, tutor in ((own, ""), (other, "Петрова Анна Сергеевна")):
        ProgrammeParticipation.objects.create(
            school=school,
            year=place.year,
            role=ProgrammeParticipation.Role.PROGRAMME_SCHOOL,
            category=ProgrammeParticipation.Category.LOW_RESULTS,
            tutor=tutor,
        )
    return {"own": own, "other": other, "own_m": own_m, "other_m": other_m}


def pdf_text(response) -> str:
    """The PDF's text with every run of whitespace (line breaks, no-break spaces) as one space."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def flat(text: str) -> str:
    return " ".join(text.split())


def counts(run, year, **filters) -> dict:
    rows = SchoolYearResult.objects.filter(run=run, year=year, **filters)
    out = {flag: rows.filter(**{flag: True}).count() for flag in FLAGS if flag != "both"}
    out["both"] = rows.filter(low_results=True, unfavourable=True).count()
    out["total"], out["with_index"] = rows.count(), rows.filter(quality_index__isnull=False).count()
    return out


def year_row(year, c) -> str:
    return " ".join(str(v) for v in (year, c["total"], c["with_index"], *(c[f] for f in FLAGS)))


def get_as(user, url=URL):
    client = Client()
    client.force_login(user)
    return client.get(url)


def test_the_region_report_has_each_years_counts_the_municipalities_and_the_gap(place):
    response = get_as(regional_analyst())
    assert f'filename="report-{place.year}-region.pdf"' in response["Content-Disposition"]
    text = pdf_text(response)
    run = latest_run()
    assert f"Аналитический отчёт за {place.year} год" in text
    assert "Регион: все муниципалитеты" in text
    assert f"Источник данных: расчёт индексов №{run.pk}" in text
    assert "ШНОР — группы качества 1–5" in text
    for year in place.years:
        assert year_row(year, counts(run, year)) in text
    for municipality in place.municipalities:
        c = counts(run, place.year, school__municipality=municipality)
        cells = " ".join(str(c[k]) for k in ("total", *FLAGS))
        assert f"{municipality.name} {cells}" in text
    gaps = GapResult.objects.filter(run=run)
    assert gaps.exists()
    for gap in gaps:
        label = indicator_label(gap.assessment, gap.grade, gap.subject)
        assert f"{gap.year} {label} {gap.n_schools} {number(gap.top_mean, 2)} {number(gap.bottom_mean, 2)}" in text
        if gap.gap_change_pct is not None:
            assert flat(signed_percent(gap.gap_change_pct, 2)) in text
    assert "Число выявленных школ по годам" in text
    assert "Изменение разрыва к прошлому году" in text


def test_a_report_for_an_earlier_year_says_nothing_of_later_ones(place):
    first, last = min(place.years), max(place.years)
    text = pdf_text(get_as(regional_analyst(), f"{URL}?year={first}"))
    assert f"Аналитический отчёт за {first} год" in text
    assert year_row(first, counts(latest_run(), first)) in text
    assert year_row(last, counts(latest_run(), last)) not in text


def test_a_year_the_run_lacks_gives_its_latest_year(place):
    text = pdf_text(get_as(regional_analyst(), f"{URL}?year=1999"))
    assert f"Аналитический отчёт за {place.year} год" in text


def test_an_analyst_gets_any_municipality_with_its_figures_only(place):
    own, other = place.municipalities[0], place.municipalities[1]
    response = get_as(regional_analyst(), f"{URL}?municipality={own.pk}")
    assert f'filename="report-{place.year}-m{own.pk}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response)
    run = latest_run()
    assert f"Муниципалитет: {own.name}" in text
    for year in place.years:
        assert year_row(year, counts(run, year, school__municipality=own)) in text
    flagged = place.rows(school__municipality=own, low_results=True)
    assert flagged.exists()
    for row in flagged:
        assert row.school.code in text
    for school in place.schools_of(other):
        assert school.code not in text
    assert other.name not in text
    assert "Разрыв считается по всем школам региона" in text


def test_a_municipal_specialist_always_gets_their_municipality(place):
    own, other = place.municipalities[0], place.municipalities[1]
    specialist = municipal_specialist(own)
    text = pdf_text(get_as(specialist))
    assert f"Муниципалитет: {own.name}" in text
    assert "Регион: все муниципалитеты" not in text
    assert get_as(specialist, f"{URL}?municipality={own.pk}").status_code == 200
    assert get_as(specialist, f"{URL}?municipality={other.pk}").status_code == 404


@pytest.mark.parametrize("value", ["abc", "-1", "0", "1.5", "99999999999999999999999", "%00", "١"])
def test_a_malformed_or_unknown_municipality_is_a_404(place, value):
    assert get_as(regional_analyst(), f"{URL}?municipality={value}").status_code == 404


def test_anonymous_goes_to_sign_in_and_roles_without_lists_are_refused(place):
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert get_as(school_leader(place.schools[0])).status_code == 403
    assert get_as(user_in(METHODISTS)).status_code == 403


def test_the_report_is_logged_and_not_cached(place):
    response = get_as(regional_analyst(), f"{URL}?municipality={place.municipalities[1].pk}")
    assert "no-store" in response["Cache-Control"]
    log = AccessLog.objects.filter(action=AccessLog.Action.PDF).get()
    assert log.object_ref == f"отчёт {place.year}: муниципалитет {place.municipalities[1].pk}"


def test_without_a_successful_run_the_no_data_page_is_shown(home):
    region(n_schools=12, compute=False)
    response = get_as(regional_analyst())
    assert response.status_code == 200
    assert NO_DATA in response.content.decode()


def test_the_region_report_shows_the_targets_the_shortfalls_and_what_is_not_measured(programme, place):
    text = pdf_text(get_as(regional_analyst()))
    assert "3. Целевые показатели региональной программы" in text
    assert flat(TUTOR_TITLE) in text
    assert flat("50 % — 1 из 2 школ") in text
    assert "Кто не достиг целевого значения" in text
    assert f"{programme['own'].code})" in text
    assert programme["own_m"].name in text
    assert "Не измеряется на портале" in text
    assert "Укомплектованность школ — участников программы педагогическими кадрами" in text
    assert "Доли, %: значение и цель" in text
    assert "Значения по годам" in text


def test_a_municipality_report_counts_and_lists_its_programme_schools_only(programme, place):
    text = pdf_text(get_as(municipal_specialist(programme["own_m"])))
    assert flat(TUTOR_TITLE) in text
    assert flat("0 % — 0 из 1") in text
    assert f"{programme['own'].code})" in text
    assert programme["other"].code not in text
    assert programme["other_m"].name not in text


def test_a_municipality_without_schools_in_the_run_gets_a_report_that_says_so(place):
    empty = MunicipalityFactory(name="Новый муниципальный округ")
    text = pdf_text(get_as(regional_analyst(), f"{URL}?municipality={empty.pk}"))
    assert "Муниципалитет: Новый муниципальный округ" in text
    assert "В расчёте нет школ этого муниципалитета." in text
    assert "3. Целевые показатели региональной программы" in text
