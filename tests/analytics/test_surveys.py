"""/analytics/surveys/: survey results in the viewer's scope, the minimum cell size on pages and
exports, free text for staff only; the self-diagnosis writing risk profiles; the satisfaction
feeding the programme's target; reminders to school leaders; campaigns made in the admin."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from analytics.access import Level, Scope
from analytics.models import RiskProfile
from analytics.programme_monitoring import monitoring
from base.models import OutgoingEmail
from registry.models import Risk
from surveys.models import Campaign, Response
from surveys.reminders import CLOSING, HALFWAY, OPENED, due_stage, purge_drafts, send_reminders
from tests.factories import programme as p
from tests.factories import surveys as f
from tests.factories.analytics import municipal_specialist, regional_analyst, school_leader
from tests.factories.registry import MunicipalityFactory, SchoolFactory
from tests.factories.users import superuser

pytestmark = pytest.mark.django_db

YEAR = p.YEAR


class Place:
    """Северный район: «Школа много» (6 answers, 5 satisfied) and «Школа мало» (4 answers);
    Южный район: «Школа юг» (8 answers, 4 satisfied)."""

    def __init__(self):
        self.north, self.south = MunicipalityFactory(name="Северный район"), MunicipalityFactory(name="Южный район")
        self.many = SchoolFactory(name="Школа много", municipality=self.north)
        self.few = SchoolFactory(name="Школа мало", municipality=self.north)
        self.far = SchoolFactory(name="Школа юг", municipality=self.south)
        for school in (self.many, self.few, self.far):
            p.ParticipationFactory(school=school, year=YEAR)
        self.survey = f.satisfaction_survey()
        self.campaign = f.campaign(self.survey, [self.many, self.few, self.far], year=YEAR, state="closed")
        sat, lessons, wish = f.question_keys(self.campaign)
        self.keys = (sat, lessons, wish)
        f.answer(self.campaign, self.many, {sat: "1", lessons: 5, wish: "Учителя внимательные"}, count=5)
        f.answer(self.campaign, self.many, {sat: "3", lessons: 2}, count=1)
        f.answer(self.campaign, self.few, {sat: "1", lessons: 4, wish: "Иванова из 3 «А» обижает детей"}, count=4)
        f.answer(self.campaign, self.far, {sat: "2", lessons: 4}, count=4)
        f.answer(self.campaign, self.far, {sat: "5", lessons: 3}, count=4)
        # A draft counts nowhere.
        f.answer(self.campaign, self.few, {sat: "1", lessons: 5}, count=3, submitted=False)


@pytest.fixture
def place(home):
    return Place()


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_index_shows_each_programme_schools_satisfied_share_or_few_answers(client, place):
    html = page(client, regional_analyst(), f"/analytics/surveys/?year={YEAR}")
    assert "Школа много" in html and "83,3\xa0%" in html
    assert "Школа юг" in html and "50\xa0%" in html
    assert "Школа мало" in html and "мало ответов" in html
    # Pooled over the schools with enough answers: 9 of 14.
    assert "64,3\xa0%" in html


def test_a_municipal_specialist_sees_their_municipality_only(client, place):
    html = page(client, municipal_specialist(place.north), f"/analytics/surveys/{place.campaign.pk}/")
    assert "Школа много" in html and "Школа мало" in html
    assert "Школа юг" not in html
    assert '<span class="kpi-value">10</span>' in html  # 6 + 4 in the north; the south's 8 are not counted


def test_a_school_leader_sees_their_school_and_its_link_only(client, place):
    leader = school_leader(place.many)
    html = page(client, leader, f"/analytics/surveys/{place.campaign.pk}/")
    assert "Школа много" in html and "Школа мало" not in html and "Школа юг" not in html
    links = page(client, leader, f"/analytics/surveys/{place.campaign.pk}/links/")
    assert f.link(place.campaign, place.many).code in links
    assert f.link(place.campaign, place.few).code not in links


def test_below_the_cell_size_no_share_and_no_free_text_reaches_the_page(client, place):
    analyst = regional_analyst()
    few = page(client, analyst, f"/analytics/surveys/{place.campaign.pk}/schools/{place.few.code}/")
    assert "Мало ответов" in few
    assert "Иванова из 3" not in few and "100\xa0%" not in few
    many = page(client, analyst, f"/analytics/surveys/{place.campaign.pk}/schools/{place.many.code}/")
    assert "Учителя внимательные" in many and "83,3\xa0%" in many
    # The campaign page pools the north and south, but never lists free text.
    campaign = page(client, analyst, f"/analytics/surveys/{place.campaign.pk}/")
    assert "Учителя внимательные" not in campaign and "Иванова из 3" not in campaign


def test_hostile_free_text_is_shown_as_text(client, place):
    sat, lessons, wish = place.keys
    f.answer(place.campaign, place.many, {sat: "1", lessons: 5, wish: "<script>alert('x')</script>"})
    html = page(client, regional_analyst(), f"/analytics/surveys/{place.campaign.pk}/schools/{place.many.code}/")
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_exports_keep_the_cell_size_and_the_scope(client, place):
    client.force_login(municipal_specialist(place.north))
    rows = csv_rows(client.get(f"/analytics/surveys/{place.campaign.pk}/export.csv"))
    assert rows[0] == ["Код школы", "Школа", "Муниципалитет", "Ответов", "Удовлетворены, %"]
    by_name = {r[1]: r for r in rows[1:]}
    assert set(by_name) == {"Школа много", "Школа мало"}
    assert by_name["Школа много"][3:] == ["6", "83,3"]
    assert by_name["Школа мало"][3:] == ["4", "мало ответов"]
    book = load_workbook(
        io.BytesIO(client.get(f"/analytics/surveys/{place.campaign.pk}/export.xlsx?kind=questions").content)
    )
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["Раздел №", "Раздел", "Вопрос", "Ответили"]
    assert sheet.freeze_panes == "A2"
    # Ten answers in the north: the pooled shares are shown, the free text is not exported.
    assert any(v[4] == "Полностью удовлетворён" and v[5] == 9 for v in values[1:])
    assert not any("Иванова" in str(cell) for row in values for cell in row)


def test_the_satisfaction_target_is_measured_from_the_surveys(place):
    from tests.analytics.test_programme_page import stored_run

    stored_run([(s, YEAR, True, False, 3) for s in (place.many, place.few, place.far)])
    result = monitoring(Scope(Level.REGION), YEAR)
    target = result.target("parent_satisfaction")
    assert target.numerator == 9 and target.denominator == 14
    assert target.met is False and target.target == pytest.approx(0.9)
    assert target.ratio_text == "9 из 14 родителей"
    reasons = {s.school.name: s.reason for s in target.school_shortfalls}
    assert reasons["Школа мало"] == "мало ответов (4): по ним о школе судить нельзя"
    assert reasons["Школа юг"] == "удовлетворены 50 % из 8 ответивших родителей"
    assert reasons["Школа много"] == "удовлетворены 83,3 % из 6 ответивших родителей"
    north = monitoring(Scope(Level.MUNICIPALITY, municipality_id=place.north.pk), YEAR).target("parent_satisfaction")
    assert (north.numerator, north.denominator) == (5, 6)


def test_without_any_satisfaction_survey_the_target_is_not_measured(home):
    from tests.analytics.test_programme_page import stored_run

    school = SchoolFactory()
    p.ParticipationFactory(school=school, year=YEAR)
    stored_run([(school, YEAR, True, False, 3)])
    target = monitoring(Scope(Level.REGION), YEAR).target("parent_satisfaction")
    assert target.value is None and target.shortfalls == []


def test_a_submitted_self_diagnosis_writes_the_schools_risk_profile(client, home, django_capture_on_commit_callbacks):
    p.seed_federal_risks(Risk)
    school = SchoolFactory()
    campaign = f.campaign(f.risk_survey(), [school], audience=Campaign.Audience.SCHOOL_LEADERS, year=YEAR)
    motivation, equipment = f.question_keys(campaign)
    code = f.link(campaign, school).code
    client.get(f"/surveys/{code}/")
    assert not RiskProfile.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/surveys/{code}/1/", {f"q-{motivation}": "3", f"q-{equipment}": "1", "action": "next"})
    assert response.status_code == 302
    profile = {r.risk.code: r for r in RiskProfile.objects.filter(school=school, year=YEAR)}
    assert profile["low_motivation"].level == "high" and profile["low_equipment"].level == "low"
    assert profile["low_motivation"].source == RiskProfile.Source.SELF_DIAGNOSIS
    assert profile["low_motivation"].assessed_on == timezone.localdate()
    assert campaign.title in profile["low_motivation"].source_note
    # The passport says where its profile came from.
    from tests.analytics.test_programme_page import stored_run

    stored_run([(school, YEAR, True, False, 3)])
    passport = page(client, regional_analyst(), f"/analytics/schools/{school.code}/")
    assert f"Источник: самодиагностика школы, {timezone.localdate():%d.%m.%Y} ({campaign.title})" in passport


def test_a_self_diagnosis_is_shown_whatever_the_number_of_its_authors(client, home):
    p.seed_federal_risks(Risk)
    school = SchoolFactory(name="Школа самодиагностики")
    campaign = f.campaign(f.risk_survey(), [school], audience=Campaign.Audience.SCHOOL_LEADERS)
    motivation, equipment = f.question_keys(campaign)
    f.answer(campaign, school, {motivation: "3", equipment: "2"})
    html = page(client, regional_analyst(), f"/analytics/surveys/{campaign.pk}/schools/{school.code}/")
    assert "Рисковый профиль по самодиагностике" in html and "высокий" in html


def test_the_deficit_diagnostic_names_courses_for_the_schools_deficits(client, home):
    from surveys.models import DeficitArea, RecommendedCourse

    area = DeficitArea.objects.create(code="assessment", name="Оценивание результатов")
    RecommendedCourse.objects.create(area=area, title="Формирующее оценивание", hours=36)
    school = SchoolFactory()
    campaign = f.campaign(f.deficit_survey(), [school], audience=Campaign.Audience.TEACHERS)
    (statement,) = f.question_keys(campaign)
    f.answer(campaign, school, {statement: 1}, count=4)
    f.answer(campaign, school, {statement: 5}, count=2)
    html = page(client, regional_analyst(), f"/analytics/surveys/{campaign.pk}/schools/{school.code}/")
    assert "Оценивание результатов" in html and "66,7\xa0%" in html and "Формирующее оценивание" in html


def test_a_teacher_sees_their_own_deficits_and_courses_after_sending(client, home):
    from surveys.models import DeficitArea, RecommendedCourse

    area = DeficitArea.objects.create(code="assessment", name="Оценивание результатов")
    RecommendedCourse.objects.create(area=area, title="Формирующее оценивание", hours=36)
    school = SchoolFactory()
    campaign = f.campaign(f.deficit_survey(), [school], audience=Campaign.Audience.TEACHERS)
    (statement,) = f.question_keys(campaign)
    code = f.link(campaign, school).code
    client.get(f"/surveys/{code}/")
    client.post(f"/surveys/{code}/1/", {f"q-{statement}": "2", "action": "next"})
    html = client.get(f"/surveys/{code}/done/").content.decode()
    assert "Ваш профиль" in html and "Оценивание результатов" in html and "Формирующее оценивание, 36 ч" in html


def test_reminders_reach_the_leader_once_per_stage(home, django_capture_on_commit_callbacks):
    school = SchoolFactory(name="Школа с руководителем")
    silent = SchoolFactory(name="Школа без руководителя")
    leader = school_leader(school, email="director@example.ru")
    campaign = f.campaign(f.satisfaction_survey(), [school, silent])
    today = timezone.localdate()
    assert due_stage(campaign, campaign.opens_on) == OPENED
    assert due_stage(campaign, campaign.closes_on - datetime.timedelta(days=3)) == CLOSING
    assert due_stage(campaign, campaign.opens_on + (campaign.closes_on - campaign.opens_on) / 2) == HALFWAY
    assert due_stage(campaign, campaign.closes_on + datetime.timedelta(days=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders(today)
        again = send_reminders(today)
    assert first == {"sent": 1, "no_leader": 1} and again == {"sent": 0, "no_leader": 0}
    letter = OutgoingEmail.objects.get(purpose="survey-reminder")
    assert letter.recipients == [leader.email]
    assert f.link(campaign, school).code in letter.body_text and "Школа с руководителем" in letter.subject
    assert len(mail.outbox) == 1
    closing = send_reminders(campaign.closes_on - datetime.timedelta(days=1))
    assert closing["sent"] == 1


def test_unsent_drafts_of_long_closed_campaigns_are_deleted(home):
    school = SchoolFactory()
    campaign = f.campaign(f.satisfaction_survey(), [school], state="closed")
    f.answer(campaign, school, {}, submitted=False)
    f.answer(campaign, school, {}, count=2)
    assert purge_drafts(campaign.closes_on + datetime.timedelta(days=5)) == 0
    assert purge_drafts(campaign.closes_on + datetime.timedelta(days=60)) == 1
    assert Response.objects.count() == 2
    call_command("send_survey_reminders", stdout=io.StringIO())


def test_a_campaign_made_in_the_admin_gets_a_link_for_each_programme_school(client, home):
    other_year = SchoolFactory()
    members = [SchoolFactory(), SchoolFactory()]
    for school in members:
        p.ParticipationFactory(school=school, year=YEAR)
    p.ParticipationFactory(school=other_year, year=YEAR - 3)
    survey = f.satisfaction_survey()
    client.force_login(superuser())
    response = client.post(
        "/admin/snippets/surveys/campaign/add/",
        {
            "title": "Опрос родителей",
            "survey": survey.pk,
            "audience": "parents",
            "year": YEAR + 1,
            "opens_on": "2026-11-01",
            "closes_on": "2026-12-01",
            "schools_filter": "programme",
            "municipality": "",
            "reminders": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign = Campaign.objects.get(title="Опрос родителей")
    assert set(campaign.targets.values_list("school_id", flat=True)) == {s.pk for s in members}
    assert campaign.version.survey == survey


def test_a_campaign_that_ends_before_it_starts_is_refused_in_words(client, home):
    client.force_login(superuser())
    response = client.post(
        "/admin/snippets/surveys/campaign/add/",
        {
            "title": "Опрос",
            "survey": f.satisfaction_survey().pk,
            "audience": "parents",
            "year": YEAR,
            "opens_on": "2026-12-01",
            "closes_on": "2026-11-01",
            "schools_filter": "all",
        },
    )
    assert response.status_code == 200
    assert "Приём ответов не может закончиться раньше, чем начнётся." in response.content.decode()
    assert not Campaign.objects.exists()


def test_the_handout_carries_the_link_and_a_qr_code(client, place):
    html = page(client, regional_analyst(), f"/analytics/surveys/{place.campaign.pk}/links/{place.many.code}/")
    code = f.link(place.campaign, place.many).code
    assert f"http://testserver/surveys/{code}/" in html and "<svg" in html and "QR-код ссылки на опрос" in html
    svg = client.get(f"/analytics/surveys/{place.campaign.pk}/links/{place.many.code}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<path" in svg.content
