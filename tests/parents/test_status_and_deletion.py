"""The status page and the deletion request: the number and the e-mail together open the
request; anything else gets the same neutral answer and shows nothing of it."""

import pytest

from django.core import mail

from base.models import OutgoingEmail
from parents import views as parent_views
from parents.choices import Status
from parents.models import ConsultationRequest
from parents.retention import ERASED_NAME
from tests.factories import parents

pytestmark = pytest.mark.django_db

STATUS = "/parents/status/"
DELETE = "/parents/delete/"


@pytest.fixture
def answered(home):
    parents.service()
    consultant = parents.consultant(first_name="Наталья", last_name="Воронина")
    return parents.consultation(
        status=Status.ANSWERED,
        consultant=consultant,
        email="Maria.Petrova@Example.ru",
        question="Секретный вопрос о семье",
        answer="Занимайтесь по 20 минут в день <b>без</b> спешки.",
    )


def look_up(client, reference, email):
    return client.post(STATUS, {"reference": reference, "email": email})


def test_the_number_and_the_e_mail_show_the_status_and_the_answer(client, answered):
    response = look_up(client, answered.reference, "maria.petrova@example.ru")
    body = response.content.decode()

    assert response.status_code == 200
    assert "Консультант ответил" in body
    assert "Наталья Воронина" in body
    assert "Занимайтесь по 20 минут в день &lt;b&gt;без&lt;/b&gt; спешки." in body
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "typed",
    ["{ref}", "{ref_lower}", "K-{digits}", "{digits}", " Номер обращения: {ref} "],
    ids=["as shown", "lower case", "latin K", "digits only", "pasted with words"],
)
def test_the_number_is_found_however_it_is_typed(client, answered, typed):
    digits = answered.reference[2:]
    text = typed.format(ref=answered.reference, ref_lower=answered.reference.lower(), digits=digits)
    assert "Консультант ответил" in look_up(client, text, "maria.petrova@example.ru").content.decode()


@pytest.mark.parametrize("wrong", ["e-mail", "number"])
def test_a_wrong_e_mail_or_number_shows_nothing_and_says_so_neutrally(client, answered, wrong):
    reference = answered.reference if wrong == "e-mail" else "К-2020-111111"
    email = "someone.else@example.ru" if wrong == "e-mail" else "maria.petrova@example.ru"

    body = look_up(client, reference, email).content.decode()

    assert parent_views.NOT_FOUND in body
    for secret in ("Секретный вопрос", "Занимайтесь", "Наталья", "Консультант ответил"):
        assert secret not in body


def test_a_malformed_number_gets_a_hint_not_a_search(client, answered):
    body = look_up(client, "абракадабра", "maria.petrova@example.ru").content.decode()
    assert "Номер обращения выглядит так: К-2026-123456" in body
    assert parent_views.NOT_FOUND not in body


@pytest.mark.parametrize(
    "data",
    [{"reference": "\x00", "email": "a@b.ru"}, {"reference": "К" * 100_000, "email": "x" * 5000}, {}],
    ids=["NUL", "huge", "empty"],
)
def test_hostile_look_ups_are_answered_not_crashed(client, answered, data):
    assert client.post(STATUS, data).status_code == 200
    assert client.post(DELETE, data).status_code == 200
    assert ConsultationRequest.objects.get().anonymised_at is None


def test_guessing_numbers_is_stopped_by_the_limit(settings, client, answered):
    settings.CONSULTATION_LOOKUP_RATE = "3/h"
    for _attempt in range(3):
        look_up(client, "К-2026-000000", "maria.petrova@example.ru")

    refused = look_up(client, answered.reference, "maria.petrova@example.ru")

    assert refused.status_code == 429
    assert "Слишком много попыток" in refused.content.decode()
    assert "Консультант ответил" not in refused.content.decode()


def test_the_parent_deletes_the_data_of_the_request(client, answered, django_capture_on_commit_callbacks):
    parents.consultation(email="other@example.ru", question="Чужое обращение остаётся")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            DELETE, {"reference": answered.reference, "email": "maria.petrova@example.ru", "confirm": "on"}
        )

    assert f"Данные обращения {answered.reference} удалены" in response.content.decode()
    answered.refresh_from_db()
    assert answered.anonymised_at is not None
    assert (answered.name, answered.email, answered.question, answered.answer) == (ERASED_NAME, "", "", "")
    assert answered.status == Status.CLOSED
    assert answered.history.last().note == "Персональные данные удалены по просьбе заявителя"
    assert ConsultationRequest.objects.filter(question="Чужое обращение остаётся").exists()
    # The confirmation went to the address before it was erased.
    assert [m.to for m in mail.outbox] == [["Maria.Petrova@Example.ru"]]
    assert answered.reference in mail.outbox[0].subject
    # And the request is gone for the status page.
    assert parent_views.NOT_FOUND in look_up(client, answered.reference, "maria.petrova@example.ru").content.decode()


def test_deletion_needs_the_confirmation_and_the_right_e_mail(client, answered):
    no_tick = client.post(DELETE, {"reference": answered.reference, "email": "maria.petrova@example.ru"})
    assert "Подтвердите, что хотите удалить" in no_tick.content.decode()
    wrong = client.post(DELETE, {"reference": answered.reference, "email": "x@example.ru", "confirm": "on"})
    assert parent_views.NOT_FOUND in wrong.content.decode()
    answered.refresh_from_db()
    assert answered.anonymised_at is None and answered.question == "Секретный вопрос о семье"


def test_deleting_also_removes_sent_letters_quoting_the_request(client, answered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        from parents import notify

        notify.reply(answered, answered.consultant)
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT, purpose="parents.reply").exists()

    client.post(DELETE, {"reference": answered.reference, "email": "maria.petrova@example.ru", "confirm": "on"})

    assert not OutgoingEmail.objects.filter(purpose="parents.reply").exists()
