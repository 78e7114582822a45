"""Answering a survey through a school's link (/surveys/<code>/): sections saved as they are
left, one response per browser, closed campaigns, altered links, hostile and out-of-range
input, floods. Nothing invalid is stored and nothing answers with a server error."""

import re

import pytest

from django.test import override_settings

from surveys.models import Response
from surveys.responses import cookie_name
from tests.factories import surveys as f
from tests.factories.registry import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return SchoolFactory(name="Школа № 7")


@pytest.fixture
def campaign(school):
    return f.campaign(f.satisfaction_survey(), [school])


@pytest.fixture
def code(campaign, school):
    return f.link(campaign, school).code


def keys(campaign):
    return f.question_keys(campaign)


def start(client, code):
    response = client.get(f"/surveys/{code}/")
    assert response.status_code == 200
    return response


def post(client, code, number, data, action="next"):
    return client.post(f"/surveys/{code}/{number}/", {**data, "action": action})


def answer_all(client, campaign, code, satisfied="2", lessons="4", wish=""):
    sat, lessons_key, wish_key = keys(campaign)
    start(client, code)
    first = post(client, code, 1, {f"q-{sat}": satisfied, f"q-{lessons_key}": lessons})
    assert first.status_code == 302, first.content.decode()[:2000]
    return post(client, code, 2, {f"q-{wish_key}": wish})


def test_the_start_page_names_the_school_promises_anonymity_and_keeps_no_copy(client, code, campaign):
    response = start(client, code)
    page = response.content.decode()
    assert "Школа № 7" in page and "Удовлетворённость родителей" in page
    assert "анонимная" in page and "Начать" in page
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert cookie_name(campaign) in response.cookies
    assert response.cookies[cookie_name(campaign)]["httponly"]


def test_a_parent_answers_section_by_section_and_the_response_counts_once_sent(client, campaign, code, school):
    sat, lessons, _wish = keys(campaign)
    start(client, code)
    response = post(client, code, 1, {f"q-{sat}": "1", f"q-{lessons}": "5"})
    assert response.status_code == 302 and response["Location"] == f"/surveys/{code}/2/"
    draft = Response.objects.get()
    assert draft.submitted_at is None and draft.answers == {sat: "1", lessons: 5} and draft.school == school
    response = post(client, code, 2, {})
    assert response["Location"] == f"/surveys/{code}/done/"
    sent = Response.objects.get()
    assert sent.submitted_at is not None and sent.version == campaign.version
    done = client.get(f"/surveys/{code}/done/")
    assert "Ответы отправлены" in done.content.decode()


def test_a_required_question_left_empty_is_named_and_nothing_moves_on(client, campaign, code):
    sat, lessons, _wish = keys(campaign)
    start(client, code)
    response = post(client, code, 1, {f"q-{lessons}": "3"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ответьте на этот вопрос." in page and "Проверьте ответы" in page
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("lessons", "6", "Выберите оценку от 1 до 5."),
        ("lessons", "-1", "Выберите оценку от 1 до 5."),
        ("lessons", "пять", "Выберите оценку от 1 до 5."),
        ("sat", "99", "Выберите один из предложенных вариантов."),
        ("sat", "<script>alert(1)</script>", "Выберите один из предложенных вариантов."),
    ],
)
def test_answers_outside_the_question_are_refused_in_words_and_not_stored(
    client, campaign, code, field, value, message
):
    sat, lessons, _wish = keys(campaign)
    data = {f"q-{sat}": "1", f"q-{lessons}": "4", f"q-{ {'sat': sat, 'lessons': lessons}[field] }": value}
    start(client, code)
    response = post(client, code, 1, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "<script>alert(1)</script>" not in page
    assert not Response.objects.exists()


def test_free_text_too_long_or_with_a_nul_is_refused_and_hostile_text_is_kept_as_text(client, campaign, code):
    sat, lessons, wish = keys(campaign)
    start(client, code)
    post(client, code, 1, {f"q-{sat}": "1", f"q-{lessons}": "4"})
    too_long = post(client, code, 2, {f"q-{wish}": "а" * 2001})
    assert "не больше 2000 знаков" in too_long.content.decode()
    nul = post(client, code, 2, {f"q-{wish}": "текст\x00"})
    assert nul.status_code == 200 and Response.objects.get().submitted_at is None
    hostile = '<img src=x onerror=alert(1)> "; DROP TABLE surveys_response; --'
    assert post(client, code, 2, {f"q-{wish}": hostile}).status_code == 302
    assert Response.objects.get().answers[wish] == hostile


def test_the_honeypot_stores_nothing(client, campaign, code):
    sat, lessons, _wish = keys(campaign)
    start(client, code)
    response = post(client, code, 1, {f"q-{sat}": "1", f"q-{lessons}": "4", "website": "http://spam.example"})
    assert "не так, как её заполняет человек" in response.content.decode()
    assert not Response.objects.exists()


def test_going_back_keeps_what_was_written_without_insisting_on_the_rest(client, campaign, code):
    sat, lessons, wish = keys(campaign)
    start(client, code)
    post(client, code, 1, {f"q-{sat}": "2", f"q-{lessons}": "3"})
    back = post(client, code, 2, {f"q-{wish}": "Спасибо"}, action="back")
    assert back["Location"] == f"/surveys/{code}/1/"
    assert Response.objects.get().answers[wish] == "Спасибо"
    page = client.get(f"/surveys/{code}/1/").content.decode()
    assert re.search(rf'name="q-{sat}" value="2"[^>]* checked>', page)


def test_a_long_questionnaire_resumes_where_it_was_left(client, campaign, code):
    sat, lessons, _wish = keys(campaign)
    start(client, code)
    post(client, code, 1, {f"q-{sat}": "1", f"q-{lessons}": "5"})
    page = start(client, code).content.decode()
    assert "Продолжить с раздела 2" in page


def test_one_browser_answers_once_and_a_replayed_post_changes_nothing(client, campaign, code):
    sat, lessons, wish = keys(campaign)
    answer_all(client, campaign, code)
    stored = Response.objects.get()
    again = start(client, code)
    assert "Вы уже ответили" in again.content.decode()
    replay = post(client, code, 1, {f"q-{sat}": "4", f"q-{lessons}": "1"})
    assert "Вы уже ответили" in replay.content.decode()
    replay_last = post(client, code, 2, {f"q-{wish}": "ещё раз"})
    assert "Вы уже ответили" in replay_last.content.decode()
    assert Response.objects.count() == 1
    stored.refresh_from_db()
    assert stored.answers[sat] == "2" and wish not in stored.answers


def test_another_browser_is_another_respondent(client, campaign, code):
    answer_all(client, campaign, code)
    client.cookies.clear()
    answer_all(client, campaign, code, satisfied="3")
    assert Response.objects.filter(submitted_at__isnull=False).count() == 2


def test_a_tampered_cookie_is_not_taken_for_someone_elses_response(client, campaign, code):
    answer_all(client, campaign, code)
    client.cookies[cookie_name(campaign)] = "forged:value"
    assert "Вы уже ответили" not in start(client, code).content.decode()


def test_sections_without_the_cookie_send_back_to_the_start_which_explains(client, code):
    response = client.get(f"/surveys/{code}/1/")
    assert response.status_code == 302 and response["Location"] == f"/surveys/{code}/?cookies=1"
    page = client.get(f"/surveys/{code}/?cookies=1", HTTP_COOKIE="").content.decode()
    assert "не сохранил cookie" in page


@pytest.mark.parametrize("bad", ["abc", "ABCDEFGHJK", "zzzzzzzzzz", "a" * 500, "код-школы", "%00"])
def test_an_unknown_or_altered_link_is_a_russian_not_found(client, campaign, bad):
    response = client.get(f"/surveys/{bad}/")
    assert response.status_code == 404
    assert "Ссылка на опрос не найдена" in response.content.decode()
    assert client.post(f"/surveys/{bad}/1/", {"action": "next"}).status_code == 404


def test_a_section_number_out_of_range_goes_back_to_the_start(client, code):
    start(client, code)
    assert client.get(f"/surveys/{code}/9/")["Location"] == f"/surveys/{code}/"
    assert client.get(f"/surveys/{code}/99999999999999999999/")["Location"] == f"/surveys/{code}/"


def test_a_closed_campaign_says_so_and_takes_nothing(client, school):
    closed = f.campaign(f.satisfaction_survey(), [school], state="closed")
    code = f.link(closed, school).code
    response = client.get(f"/surveys/{code}/")
    assert response.status_code == 410
    assert "Опрос завершён" in response.content.decode()
    sat, lessons, _wish = f.question_keys(closed)
    post(client, code, 1, {f"q-{sat}": "1", f"q-{lessons}": "4"})
    assert not Response.objects.exists()


def test_a_planned_campaign_says_when_it_opens(client, school):
    planned = f.campaign(f.satisfaction_survey(), [school], state="planned")
    page = client.get(f"/surveys/{f.link(planned, school).code}/").content.decode()
    assert "Опрос ещё не начался" in page and "Ответы принимаются с" in page


@override_settings(SURVEY_RESPONDENTS_PER_IP="3/h")
def test_a_flood_of_new_respondents_from_one_address_is_stopped_in_words(client, campaign, code):
    for _ in range(3):
        client.cookies.clear()
        answer_all(client, campaign, code)
    client.cookies.clear()
    sat, lessons, _wish = keys(campaign)
    start(client, code)
    response = post(client, code, 1, {f"q-{sat}": "1", f"q-{lessons}": "4"})
    assert response.status_code == 429
    assert "слишком много ответов подряд" in response.content.decode()
    assert Response.objects.count() == 3


def test_answers_keep_the_version_they_were_given_to_when_the_survey_changes(client, campaign, code):
    answer_all(client, campaign, code)
    first_version = campaign.version
    survey = campaign.survey
    body = survey.body.raw_data
    body[0]["value"]["questions"][0]["value"]["text"] = "Новая формулировка вопроса"
    survey.body = body
    survey.save()
    campaign.refresh_from_db()
    assert campaign.version == first_version
    assert Response.objects.get().version == first_version
    assert survey.current_version().number == 2


def test_a_campaign_nobody_answered_takes_the_edited_survey(school):
    survey = f.satisfaction_survey()
    campaign = f.campaign(survey, [school])
    body = survey.body.raw_data
    body[0]["value"]["title"] = "Обучение и уроки"
    survey.body = body
    survey.save()
    campaign.refresh_from_db()
    assert campaign.version.number == 2
    assert campaign.version.parsed().sections[0].title == "Обучение и уроки"
