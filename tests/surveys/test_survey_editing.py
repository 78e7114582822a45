"""Writing a survey in the admin: a question that could not be answered or scored is refused
with a Russian message; the survey as saved becomes a version once, not once per save."""

import pytest

from wagtail.blocks import StructBlockValidationError

from surveys.blocks import QuestionBlock
from tests.factories import surveys as f

pytestmark = pytest.mark.django_db


def clean(**fields):
    block = QuestionBlock()
    value = f.question("Вопрос", **fields)["value"]
    return block.clean(block.to_python(value))


def errors_of(**fields):
    with pytest.raises(StructBlockValidationError) as refused:
        clean(**fields)
    return {name: error.messages[0] for name, error in refused.value.block_errors.items()}


def test_a_choice_question_needs_two_options():
    assert errors_of(options=[("Да", None)]) == {"options": "Добавьте хотя бы два варианта ответа."}


def test_a_scale_ends_at_two_or_more_and_starts_at_zero_or_one():
    message = errors_of(kind="scale", scale_min=1, scale_max=1)["scale_max"]
    assert message == "Убедитесь, что это значение больше либо равно 2."


def test_a_satisfaction_question_needs_its_threshold_and_scored_options():
    errors = errors_of(options=[("Да", None), ("Нет", None)], satisfaction=True)
    assert errors["satisfied_from"] == "Укажите, с какого балла ответ считается удовлетворённым."
    assert errors["options"].startswith("Задайте баллы хотя бы двум вариантам")


def test_free_text_cannot_measure_a_risk():
    assert errors_of(kind="text", risk="low_motivation")["kind"].startswith("Удовлетворённость, риск и дефицит")


def test_a_valid_question_passes():
    value = clean(options=[("Да", 2), ("Нет", 0)], risk="low_motivation")
    assert value["risk"] == "low_motivation"


def test_saving_an_unchanged_survey_makes_no_new_version():
    survey = f.satisfaction_survey()
    first = survey.current_version()
    survey.save()
    assert survey.current_version() == first
    assert survey.versions.count() == 1


def test_the_admin_forms_of_surveys_campaigns_and_deficit_areas_open(client):
    from tests.factories.registry import SchoolFactory
    from tests.factories.users import superuser

    client.force_login(superuser())
    survey = f.satisfaction_survey()
    campaign = f.campaign(survey, [SchoolFactory()])
    for url in [
        "/admin/snippets/surveys/survey/",
        "/admin/snippets/surveys/survey/add/",
        f"/admin/snippets/surveys/survey/edit/{survey.pk}/",
        "/admin/snippets/surveys/campaign/",
        "/admin/snippets/surveys/campaign/add/",
        f"/admin/snippets/surveys/campaign/edit/{campaign.pk}/",
        "/admin/snippets/surveys/deficitarea/add/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    listing = client.get("/admin/snippets/surveys/campaign/").content.decode()
    assert f"/analytics/surveys/{campaign.pk}/" in listing and "Идёт" in listing


def test_methodists_and_analysts_keep_surveys_and_others_do_not(client):
    from base.roles import METHODISTS, MUNICIPAL_SPECIALISTS, REGIONAL_ANALYSTS
    from tests.factories.users import user_in

    for group, allowed in [(METHODISTS, True), (REGIONAL_ANALYSTS, True), (MUNICIPAL_SPECIALISTS, False)]:
        user = user_in(group)
        assert user.has_perm("surveys.add_campaign") is allowed
        assert user.has_perm("surveys.change_survey") is allowed
