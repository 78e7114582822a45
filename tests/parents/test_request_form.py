"""The request form at /parents/request/: what a parent may send, what is refused and why,
what is stored (with the consent's edition), and the letters it owes."""

import datetime
import re

import pytest

from django.core import mail
from django.utils import timezone
from django.utils.html import escape

from base.models import ConsentPage, OutgoingEmail
from parents import forms as parent_forms
from parents import views as parent_views
from parents.choices import Format, Status
from parents.models import ConsultationRequest, ConsultationSlot
from tests.factories import parents
from tests.factories.registry import MunicipalityFactory, SchoolFactory

pytestmark = pytest.mark.django_db

URL = "/parents/request/"
DONE = "/parents/request/done/"


@pytest.fixture
def service(home):
    return parents.service()


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    """Post the form as a parent's browser does, running what waits for the commit (letters)."""

    def post(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, parents.form_data(**overrides))

    return post


def nothing_stored():
    return not ConsultationRequest.objects.exists() and not OutgoingEmail.objects.exists()


def page_text(response):
    return response.content.decode()


def test_the_form_asks_for_a_separate_unticked_consent_and_is_never_cached(client, service):
    response = client.get(URL)
    body = page_text(response)
    assert response.status_code == 200
    consent_box = re.search(r'<input type="checkbox" name="consent"[^>]*>', body).group(0)
    assert "checked" not in consent_box
    assert service.consent_page.url in body
    assert "редакция 1 от 01.09.2025" in body
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_valid_request_is_stored_with_the_consent_edition_and_shows_its_number(client, service, submit):
    response = submit()

    assert response.status_code == 302
    assert response["Location"].endswith(DONE)
    consultation = ConsultationRequest.objects.get()
    assert re.fullmatch(r"К-\d{4}-\d{6}", consultation.reference)
    assert consultation.status == Status.NEW
    consent = ConsentPage.objects.get(pk=service.consent_page_id)
    assert consultation.consent_page == consent
    assert consultation.consent_version == consent.stamp()
    assert f"ред. {consent.live_revision_id}" in consultation.consent_version
    assert consultation.consent_version.startswith("1 от 01.09.2025")
    assert consultation.due_date == timezone.localdate() + datetime.timedelta(days=30)
    assert [(c.from_status, c.to_status) for c in consultation.history.all()] == [("", Status.NEW)]

    done = client.get(DONE)
    assert consultation.reference in page_text(done)
    assert "maria@example.ru" in page_text(done)
    assert "no-store" in done["Cache-Control"]


def test_the_parent_gets_the_number_and_the_service_a_notice_without_personal_data(service, submit):
    submit(name="Мария Петровна", question="Как помочь сыну с дробями? Он плачет над домашним заданием.")
    consultation = ConsultationRequest.objects.get()

    to_parent = [m for m in mail.outbox if m.to == ["maria@example.ru"]]
    to_service = [m for m in mail.outbox if m.to == ["consult@iro.example.ru"]]
    assert len(to_parent) == 1 and len(to_service) == 1
    letter = to_parent[0]
    assert letter.subject == f"Обращение {consultation.reference} принято"
    assert consultation.reference in letter.body
    assert "Мария Петровна" in letter.body
    assert "http://localhost/parents/status/" in letter.body
    assert "http://localhost/parents/delete/" in letter.body
    assert letter.reply_to == ["parents@iro.example.ru"]

    notice = to_service[0]
    assert consultation.reference in notice.subject
    assert f"/admin/parents/requests/inspect/{consultation.pk}/" in notice.body
    assert "Мария" not in notice.body and "дробями" not in notice.body and "maria@" not in notice.body


def test_without_an_e_mail_only_the_service_is_told_and_the_receipt_says_a_consultant_will_call(
    client, service, submit
):
    submit(email="", phone="8 (912) 345-67-89", preferred_format=Format.PHONE)

    consultation = ConsultationRequest.objects.get()
    assert str(consultation.phone) == "+79123456789"
    assert [m.to for m in mail.outbox] == [["consult@iro.example.ru"]]
    assert "позвонит вам" in page_text(client.get(DONE))


def test_without_a_service_address_the_notice_goes_to_the_site_settings_address(home, submit):
    parents.service(notification_email="")
    submit()
    assert ["info@iro.example.ru"] in [m.to for m in mail.outbox]


BAD_INPUT = [
    ("missing consent", {"consent": None}, "Отметьте согласие на обработку персональных данных"),
    ("no contact at all", {"email": "", "phone": ""}, parent_forms.NO_CONTACT),
    (
        "a phone that is not a phone",
        {"email": "", "phone": "12345", "preferred_format": Format.PHONE},
        parent_forms.BAD_PHONE,
    ),
    ("letters for a phone", {"phone": "позвоните мне"}, parent_forms.BAD_PHONE),
    ("a broken e-mail", {"email": "maria@"}, "Проверьте адрес электронной почты"),
    ("a written answer without an e-mail", {"email": "", "phone": "+79123456789"}, parent_forms.WRITTEN_NEEDS_EMAIL),
    ("a call without a phone", {"preferred_format": Format.PHONE}, parent_forms.PHONE_NEEDS_PHONE),
    ("a 50,000-character question", {"question": "ы" * 50_000}, "Вопрос слишком длинный: 50000 знаков"),
    ("a question of one word", {"question": "Помогите"}, "Опишите вопрос подробнее"),
    ("no question", {"question": "   "}, "Напишите ваш вопрос."),
    ("no name", {"name": ""}, "Напишите, как к вам обращаться."),
    ("a name of 10,000 characters", {"name": "я" * 10_000}, "Имя слишком длинное"),
    ("no topic", {"topic": None}, "Выберите тему обращения."),
    ("a topic that does not exist", {"topic": "999999"}, "Выберите тему из списка."),
    ("a topic that is not a number", {"topic": "'; DROP TABLE x; --"}, "Выберите тему из списка."),
    ("no grade", {"child_grade": ""}, "Выберите класс ребёнка."),
    ("a grade that does not exist", {"child_grade": "13"}, "Выберите класс ребёнка из списка."),
    ("a NUL character in the name", {"name": "Мария\x00"}, "запрещённый символ"),
    ("the honeypot filled in", {"homepage": "http://spam.example/"}, "не так, как её заполняет человек"),
]


@pytest.mark.parametrize("overrides, message", [case[1:] for case in BAD_INPUT], ids=[case[0] for case in BAD_INPUT])
def test_bad_input_is_refused_with_a_russian_message_and_nothing_is_stored(service, submit, overrides, message):
    response = submit(**overrides)

    assert response.status_code == 200
    body = page_text(response)
    assert escape(message) in body or message in body
    assert "Обращение не отправлено" in body
    assert nothing_stored()
    assert mail.outbox == []


def test_a_school_from_another_municipality_is_refused(service, submit):
    school = SchoolFactory()
    elsewhere = MunicipalityFactory()
    response = submit(municipality=str(elsewhere.pk), school=str(school.pk))
    assert parent_forms.SCHOOL_ELSEWHERE in page_text(response)
    assert nothing_stored()


def test_a_school_alone_brings_its_municipality(service, submit):
    school = SchoolFactory()
    submit(school=str(school.pk))
    consultation = ConsultationRequest.objects.get()
    assert (consultation.school, consultation.municipality) == (school, school.municipality)


def test_html_and_script_are_stored_as_text_and_shown_as_text(client, service, submit):
    name = "<script>alert(1)</script>"
    question = 'Вопрос "><img src=x onerror=alert(1)> про <b>оценки</b> и домашние задания'
    submit(name=name, question=question)
    consultation = ConsultationRequest.objects.get()
    assert (consultation.name, consultation.question) == (name, question)

    client.force_login(parents.supervisor())
    card = page_text(client.get(f"/admin/parents/requests/inspect/{consultation.pk}/"))
    for payload in (name, '"><img src=x onerror=alert(1)>'):
        assert payload not in card
        assert escape(payload) in card


def test_the_same_form_posted_twice_stores_one_request(client, service, submit):
    data = parents.form_data()
    first = submit(**data)
    second = submit(**data)

    assert first["Location"] == second["Location"]
    consultation = ConsultationRequest.objects.get()
    assert consultation.reference in page_text(client.get(DONE))
    assert len([m for m in mail.outbox if m.to == ["maria@example.ru"]]) == 1


def test_the_same_question_from_the_same_address_again_is_refused_as_a_duplicate(service, submit):
    submit()
    response = submit()  # a fresh token: the form was opened again and resent
    assert parent_views.DUPLICATE in page_text(response)
    assert ConsultationRequest.objects.count() == 1


def test_too_many_requests_from_one_address_are_refused(settings, service, submit):
    settings.CONSULTATION_RATE_PER_IP = "2/h"
    for number in range(2):
        assert submit(email=f"parent{number}@example.ru").status_code == 302

    refused = submit(email="parent9@example.ru")

    assert refused.status_code == 429
    assert "приём новых ненадолго приостановлен" in page_text(refused)
    assert ConsultationRequest.objects.count() == 2


def test_too_many_requests_for_one_e_mail_are_refused(settings, service, submit):
    settings.CONSULTATION_RATE_PER_EMAIL = "1/h"
    assert submit(question="Первый вопрос о математике в пятом классе.").status_code == 302
    refused = submit(question="Второй, совсем другой вопрос о русском языке.")
    assert refused.status_code == 429
    assert ConsultationRequest.objects.count() == 1


def test_refused_posts_do_not_use_up_the_limit(settings, service, submit):
    settings.CONSULTATION_RATE_PER_IP = "1/h"
    for _attempt in range(3):
        submit(consent=None)
    assert submit().status_code == 302


def test_without_a_published_consent_text_the_form_is_closed_and_gives_the_contacts(client, home):
    parents.service(with_consent=False)
    response = client.get(URL)
    body = page_text(response)
    assert "Приём обращений через сайт временно закрыт" in body
    assert "+7 (800) 555-01-24" in body and "parents@iro.example.ru" in body
    assert 'name="question"' not in body

    client.post(URL, parents.form_data())
    assert nothing_stored()


def test_an_unpublished_consent_text_closes_the_form(client, home):
    service = parents.service()
    service.consent_page.unpublish()
    assert "временно закрыт" in page_text(client.get(URL))


def future_slot(days=3):
    return timezone.now() + datetime.timedelta(days=days)


def test_a_parent_books_a_consultants_time_and_the_request_is_theirs(client, service, submit):
    consultant = parents.consultant(first_name="Наталья", last_name="Воронина")
    profile = parents.consultant_page(user=consultant, slots=[(future_slot(), Format.PHONE)])
    slot = ConsultationSlot.objects.get(page=profile)
    assert str(slot.pk) in page_text(client.get(URL))

    submit(slot=str(slot.pk), preferred_format=Format.PHONE, phone="+79123456789")

    consultation = ConsultationRequest.objects.get()
    assert (consultation.slot, consultation.consultant, consultation.status) == (slot, consultant, Status.ASSIGNED)
    assert [c.to_status for c in consultation.history.all()] == [Status.NEW, Status.ASSIGNED]
    # The time is taken: nobody else sees it or gets it.
    assert 'name="slot"' not in page_text(client.get(URL))  # it was the only free time
    response = submit(slot=str(slot.pk), preferred_format=Format.PHONE, phone="+79120000000", email="other@example.ru")
    assert "Это время уже занято" in page_text(response)
    assert ConsultationRequest.objects.count() == 1


def test_a_time_for_another_format_is_refused(service, submit):
    profile = parents.consultant_page(slots=[(future_slot(), Format.ONLINE)])
    slot = ConsultationSlot.objects.get(page=profile)
    response = submit(slot=str(slot.pk), preferred_format=Format.WRITTEN)
    assert "по видеосвязи" in page_text(response)
    assert nothing_stored()


def test_the_receipt_page_without_a_submission_says_where_the_number_is(client, service):
    response = client.get(DONE)
    assert response.status_code == 200
    assert "Номер обращения показывается здесь сразу после отправки" in page_text(response)


def test_an_unknown_address_under_the_service_is_not_found(client, service):
    assert client.get("/parents/request/extra/").status_code == 404
