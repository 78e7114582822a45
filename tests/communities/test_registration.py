"""Registration for an occurrence, without an account: seats, the waiting list, promotion on a
cancellation, deadlines, duplicates, consent, and the form and personal page over HTTP."""

import datetime

import pytest

from django.db import IntegrityError, transaction
from django.utils import timezone

from base.models import OutgoingEmail
from communities import registration as service
from communities.models import EventPage, Registration
from tests.factories import communities as f
from tests.factories.registry import SchoolFactory

pytestmark = pytest.mark.django_db


def person(email="anna@example.ru", **fields):
    data = {
        "full_name": "Иванова Анна Петровна",
        "email": email,
        "school": None,
        "organisation": "СОШ № 5 г. Энска",
        "position": "учитель математики",
    }
    data.update(fields)
    return data


def register(occurrence, email="anna@example.ru", **fields):
    calendar = occurrence.event.get_parent().specific
    return service.register(occurrence, person(email, **fields), calendar.consent_page)


def only_occurrence(event):
    (occurrence,) = event.occurrences.all()
    return occurrence


def letters(purpose=None):
    rows = OutgoingEmail.objects.order_by("pk")
    if purpose:
        rows = rows.filter(purpose=f"communities.{purpose}")
    return list(rows)


# --- seats and the waiting list ---------------------------------------------------------------


def test_seats_go_first_come_first_served_then_the_waiting_list_in_order(calendar):
    occurrence = only_occurrence(f.make_event(calendar, capacity=2))
    first, second = register(occurrence, "a@example.ru"), register(occurrence, "b@example.ru")
    third, fourth = register(occurrence, "c@example.ru"), register(occurrence, "d@example.ru")

    assert [r.status for r in (first, second)] == [Registration.Status.CONFIRMED] * 2
    assert [r.status for r in (third, fourth)] == [Registration.Status.WAITING] * 2
    assert (third.waiting_place(), fourth.waiting_place()) == (1, 2)
    assert [letter.purpose for letter in letters()] == [
        "communities.confirmation",
        "communities.confirmation",
        "communities.waiting",
        "communities.waiting",
    ]
    state = service.availability(occurrence)
    assert (state.code, state.seats_left, state.waiting) == (service.WAITING_LIST, 0, 2)


def test_an_event_without_capacity_never_fills(calendar):
    occurrence = only_occurrence(f.make_event(calendar, capacity=None))
    statuses = {register(occurrence, f"p{n}@example.ru").status for n in range(12)}
    assert statuses == {Registration.Status.CONFIRMED}


def test_a_cancelled_seat_goes_to_the_first_person_waiting_who_is_told_by_email(calendar):
    occurrence = only_occurrence(f.make_event(calendar, capacity=1))
    holder = register(occurrence, "holder@example.ru")
    first_waiting = register(occurrence, "first@example.ru")
    second_waiting = register(occurrence, "second@example.ru")

    service.cancel(holder)

    holder.refresh_from_db()
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert holder.status == Registration.Status.CANCELLED and holder.cancelled_at
    assert first_waiting.status == Registration.Status.CONFIRMED and first_waiting.promoted_at
    assert second_waiting.status == Registration.Status.WAITING
    assert second_waiting.waiting_place() == 1
    (promoted,) = letters("promoted")
    assert promoted.recipients == ["first@example.ru"]
    assert "освободилось место" in promoted.subject
    assert [a["filename"] for a in promoted.attachments] == ["event.ics"]
    (acknowledged,) = letters("cancelled")
    assert acknowledged.recipients == ["holder@example.ru"]


def test_leaving_the_waiting_list_promotes_nobody_and_cancelling_twice_changes_nothing(calendar):
    occurrence = only_occurrence(f.make_event(calendar, capacity=1))
    register(occurrence, "holder@example.ru")
    waiting = register(occurrence, "waiting@example.ru")
    behind = register(occurrence, "behind@example.ru")

    service.cancel(waiting)
    service.cancel(waiting)

    behind.refresh_from_db()
    assert behind.status == Registration.Status.WAITING
    assert behind.waiting_place() == 1
    assert letters("promoted") == []
    assert len(letters("cancelled")) == 1


def test_a_raised_capacity_hands_the_new_seats_to_the_waiting_list_on_publishing(calendar):
    event = f.make_event(calendar, capacity=1)
    occurrence = only_occurrence(event)
    register(occurrence, "holder@example.ru")
    waiting = [register(occurrence, f"w{n}@example.ru") for n in range(3)]

    f.republish(event, capacity=3)

    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == [Registration.Status.CONFIRMED, Registration.Status.CONFIRMED, Registration.Status.WAITING]
    assert [letter.recipients for letter in letters("promoted")] == [["w0@example.ru"], ["w1@example.ru"]]


# --- refusals ------------------------------------------------------------------------------------


def test_a_second_registration_of_one_address_is_refused_whatever_the_case(calendar):
    occurrence = only_occurrence(f.make_event(calendar))
    first = register(occurrence, "Anna.Ivanova@School.ru")
    with pytest.raises(service.AlreadyRegistered) as refused:
        register(occurrence, "  anna.ivanova@school.RU ")
    assert refused.value.registration == first
    assert "уже есть регистрация" in refused.value.message
    assert Registration.objects.count() == 1


def test_after_cancelling_one_may_register_again(calendar):
    occurrence = only_occurrence(f.make_event(calendar))
    service.cancel(register(occurrence))
    again = register(occurrence)
    assert again.status == Registration.Status.CONFIRMED
    assert Registration.objects.filter(email="anna@example.ru").count() == 2


def test_the_database_itself_refuses_a_second_active_registration_of_one_address(calendar):
    occurrence = only_occurrence(f.make_event(calendar))
    f.make_registration(occurrence, email="Anna@Example.ru")
    with pytest.raises(IntegrityError), transaction.atomic():
        f.make_registration(occurrence, email="anna@example.ru")


@pytest.mark.parametrize(
    ("fields", "code", "phrase"),
    [
        ({"status": EventPage.Status.CANCELLED}, "cancelled", "отменено"),
        ({"registration_required": False}, "not_required", "не нужна"),
    ],
)
def test_registration_is_refused_for_a_cancelled_event_or_one_without_registration(calendar, fields, code, phrase):
    occurrence = only_occurrence(f.make_event(calendar, **fields))
    with pytest.raises(service.RegistrationRefused) as refused:
        register(occurrence)
    assert refused.value.code == code
    assert phrase in refused.value.message
    assert not Registration.objects.exists()


def test_registration_closes_at_the_deadline_and_at_the_start(calendar):
    start = f.at(3)
    event = f.make_event(calendar, start=start, registration_deadline=start - datetime.timedelta(days=1))
    occurrence = only_occurrence(event)
    before = start - datetime.timedelta(days=1, minutes=1)
    assert service.availability(occurrence, now=before).code == service.OPEN
    after_deadline = start - datetime.timedelta(hours=23)
    state = service.availability(occurrence, now=after_deadline)
    assert state.code == "deadline"
    assert "Регистрация закончилась" in state.message
    assert service.availability(occurrence, now=start + datetime.timedelta(minutes=5)).code == "started"
    assert service.availability(occurrence, now=start + datetime.timedelta(days=1)).code == "past"
    with pytest.raises(service.RegistrationRefused):
        service.register(occurrence, person(), calendar.consent_page, now=after_deadline)
    assert not Registration.objects.exists()


def test_each_date_of_a_series_keeps_the_deadline_lead_of_the_first(calendar):
    start = f.at(2)
    event = f.make_event(
        calendar,
        start=start,
        repeat=EventPage.Repeat.WEEKLY,
        repeat_until=(start + datetime.timedelta(days=21)).date(),
        registration_deadline=start - datetime.timedelta(hours=12),
    )
    first, second, *_ = event.occurrences.order_by("start")
    assert service.registration_deadline(first) == start - datetime.timedelta(hours=12)
    assert service.registration_deadline(second) == second.start - datetime.timedelta(hours=12)
    # The first date's deadline has no say over the second's.
    late = second.start - datetime.timedelta(days=1)
    assert service.availability(first, now=late).code == "past"
    assert service.availability(second, now=late).code == service.OPEN


def test_a_draft_or_private_event_takes_no_registrations(calendar):
    event = f.make_event(calendar)
    occurrence = only_occurrence(event)
    event.unpublish()
    with pytest.raises(service.RegistrationRefused) as refused:
        register(occurrence)
    assert refused.value.code == "hidden"


def test_without_a_live_consent_text_nothing_is_stored(calendar):
    occurrence = only_occurrence(f.make_event(calendar))
    calendar.consent_page.unpublish()
    with pytest.raises(service.RegistrationRefused) as refused:
        register(occurrence)
    assert refused.value.code == "no_consent"
    assert "согласия" in refused.value.message
    assert not Registration.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_the_registration_keeps_the_edition_of_the_consent_text(calendar):
    occurrence = only_occurrence(f.make_event(calendar))
    registration = register(occurrence)
    consent = calendar.consent_page
    assert registration.consent_page_id == consent.pk
    assert registration.consent_version == consent.stamp()
    assert "1 от 01.09.2025" in registration.consent_version
    assert registration.consented_at is not None


# --- personal links -------------------------------------------------------------------------------


def test_personal_and_cancel_links_open_their_registration_and_nothing_else(calendar):
    occurrence = only_occurrence(f.make_event(calendar))
    registration = register(occurrence)
    personal = service.make_token(registration, service.PERSONAL)
    cancel = service.make_token(registration, service.CANCEL)
    assert personal != cancel
    assert set(personal) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert service.read_token(personal) == (registration, service.PERSONAL)
    assert service.read_token(cancel) == (registration, service.CANCEL)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token[:10],
        lambda token: "",
        lambda token: "x" * 2000,
        lambda token: token + "ы",
        lambda token: "WzEsMTIzXQ" + token[-43:],
    ],
    ids=["altered", "truncated", "empty", "long", "unicode", "other-id"],
)
def test_a_spoiled_token_is_refused(calendar, spoil):
    occurrence = only_occurrence(f.make_event(calendar))
    registration = register(occurrence)
    with pytest.raises(service.InvalidLink):
        service.read_token(spoil(service.make_token(registration)))


def signed(payload, salt):
    """A token as make_token writes one, for a payload and salt of the test's choosing."""
    from django.core import signing

    return signing.Signer(salt=salt).sign_object(payload).replace(":", "")


def test_a_token_signed_for_something_else_is_refused(calendar):
    occurrence = only_occurrence(f.make_event(calendar))
    registration = register(occurrence)
    payload = [registration.pk, int(registration.created_at.timestamp())]
    assert service.read_token(signed(payload, "communities.registration.personal"))[0] == registration
    with pytest.raises(service.InvalidLink):
        service.read_token(signed(payload, "another.purpose"))
    # The right salt, but the id of a row made at another moment (a reused id after a restore).
    with pytest.raises(service.InvalidLink):
        service.read_token(signed([registration.pk, 12345], "communities.registration.personal"))
    # The right salt, a payload of another shape.
    with pytest.raises(service.InvalidLink):
        service.read_token(signed({"pk": registration.pk}, "communities.registration.personal"))


# --- the form over HTTP ----------------------------------------------------------------------------


def form_url(event, occurrence):
    return service.register_url(event, occurrence)


def form_post(**overrides):
    data = {
        "full_name": "Иванова Анна Петровна",
        "email": "anna@example.ru",
        "school": "",
        "organisation": "СОШ № 5 г. Энска",
        "position": "учитель математики",
        "consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return data


def test_the_form_shows_the_event_the_consent_box_unticked_and_the_registry_schools(client, calendar):
    school = SchoolFactory(name="Лицей № 2")
    event = f.make_event(calendar, capacity=10)
    response = client.get(form_url(event, only_occurrence(event)))
    body = response.content.decode()
    assert response.status_code == 200
    assert event.title in body
    assert 'name="consent"' in body
    consent_input = body[body.index('name="consent"') - 200 : body.index('name="consent"') + 200]
    assert "checked" not in consent_input
    assert f'value="{school.pk}"' in body and "Лицей № 2" in body
    assert f'<optgroup label="{school.municipality.name}">' in body
    assert "Свободных мест: 10 из 10" in body
    assert '<meta name="robots" content="noindex' in body


def test_registering_through_the_form_shows_the_seat_and_sends_a_letter(
    client, calendar, django_capture_on_commit_callbacks, mailoutbox
):
    school = SchoolFactory(name="Лицей № 2")
    event = f.make_event(calendar, capacity=5)
    occurrence = only_occurrence(event)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(event, occurrence), form_post(school=str(school.pk), organisation="ignored"))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.school == school and registration.organisation == ""
    assert registration.status == Registration.Status.CONFIRMED
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "Вы зарегистрированы" in body
    assert "Иванова Анна Петровна" in body
    assert [m.to for m in mailoutbox] == [["anna@example.ru"]]
    assert mailoutbox[0].subject.startswith("Вы зарегистрированы")


def test_a_full_occurrence_puts_the_person_on_the_waiting_list_with_their_place(client, calendar):
    event = f.make_event(calendar, capacity=1)
    occurrence = only_occurrence(event)
    register(occurrence, "holder@example.ru")
    register(occurrence, "waiting1@example.ru")
    form = client.get(form_url(event, occurrence)).content.decode()
    assert "лист ожидания" in form
    response = client.post(form_url(event, occurrence), form_post(email="waiting2@example.ru"))
    body = client.get(response["Location"]).content.decode()
    assert "Вы в листе ожидания" in body
    assert "вы 2-й в очереди" in body


def test_a_duplicate_through_the_form_says_so_and_offers_to_resend_the_link(
    client, calendar, django_capture_on_commit_callbacks, mailoutbox
):
    event = f.make_event(calendar)
    occurrence = only_occurrence(event)
    register(occurrence, "anna@example.ru")
    response = client.post(form_url(event, occurrence), form_post(email="ANNA@example.ru"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "уже есть регистрация" in body
    assert 'value="resend"' in body
    assert Registration.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(form_url(event, occurrence), form_post(email="ANNA@example.ru", action="resend"))
    assert resent.status_code == 200
    assert "письмо со ссылкой" in resent.content.decode()
    assert [m.to for m in mailoutbox] == [["anna@example.ru"]]
    assert "Ссылка на вашу регистрацию" in mailoutbox[0].subject


def test_resending_to_an_unregistered_address_answers_the_same_and_sends_nothing(client, calendar):
    event = f.make_event(calendar)
    occurrence = only_occurrence(event)
    response = client.post(form_url(event, occurrence), {"action": "resend", "email": "stranger@example.ru"})
    assert response.status_code == 200
    assert "Если на этот адрес есть регистрация" in response.content.decode()
    assert not OutgoingEmail.objects.exists()


def test_without_the_consent_box_nothing_is_stored_and_the_form_says_why(client, calendar):
    event = f.make_event(calendar)
    data = form_post()
    del data["consent"]
    response = client.post(form_url(event, only_occurrence(event)), data)
    assert response.status_code == 200
    assert "Отметьте согласие на обработку персональных данных" in response.content.decode()
    assert not Registration.objects.exists()


def test_without_a_published_consent_text_the_page_says_registration_is_closed_and_shows_no_form(client, calendar):
    event = f.make_event(calendar)
    calendar.consent_page.unpublish()
    url = form_url(event, only_occurrence(event))
    body = client.get(url).content.decode()
    assert "Регистрация временно закрыта" in body
    assert "<form" not in body.split('id="main"')[1].split("</main>")[0]
    client.post(url, form_post())
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-address"}, "Проверьте адрес электронной почты"),
        ({"email": "a@b.ru\nBcc: victim@example.ru"}, "Проверьте адрес электронной почты"),
        ({"full_name": "ы" * 2000}, "не более 200"),
        ({"full_name": "   "}, "Укажите фамилию, имя и отчество"),
        ({"position": ""}, "Укажите должность"),
        ({"organisation": ""}, "Выберите школу из списка"),
        ({"school": "999999999"}, "Такой школы нет в списке"),
        ({"school": "1; DROP TABLE"}, "Такой школы нет в списке"),
        ({"full_name": "Анна\x00"}, "ноль-байт"),
        ({"homepage": "http://spam.example/"}, "не так, как её заполняет человек"),
    ],
    ids=[
        "email",
        "header-injection",
        "long-name",
        "blank-name",
        "no-position",
        "no-place",
        "unknown-school",
        "sql-ish-school",
        "nul",
        "honeypot",
    ],
)
def test_bad_input_gets_a_russian_message_and_stores_nothing(client, calendar, overrides, message):
    event = f.make_event(calendar)
    response = client.post(form_url(event, only_occurrence(event)), form_post(**overrides))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body or message.lower() in body.lower()
    assert not Registration.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_html_in_fields_is_stored_as_typed_and_shown_as_text(client, calendar):
    from tests.security.hostile import IMG, SCRIPT, live_markup

    event = f.make_event(calendar)
    response = client.post(
        form_url(event, only_occurrence(event)),
        form_post(full_name=SCRIPT, organisation=IMG, position="<b>учитель</b>"),
    )
    registration = Registration.objects.get()
    assert registration.full_name == SCRIPT
    page = client.get(response["Location"]).content.decode()
    assert live_markup(page) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    letter = OutgoingEmail.objects.get()
    assert SCRIPT in letter.body_text  # plain text: nothing runs there
    assert live_markup(letter.body_html) == []
    assert "&lt;script&gt;" in letter.body_html


def test_after_the_deadline_the_form_is_gone_and_a_post_is_refused(client, calendar):
    start = f.at(3)
    event = f.make_event(calendar, start=start, registration_deadline=timezone.now() - datetime.timedelta(hours=1))
    url = form_url(event, only_occurrence(event))
    body = client.get(url).content.decode()
    assert "Регистрация закончилась" in body
    response = client.post(url, form_post())
    assert response.status_code == 200
    assert "Регистрация закончилась" in response.content.decode()
    assert not Registration.objects.exists()


def test_unknown_occurrences_and_occurrences_of_another_event_are_a_russian_404(client, calendar):
    event = f.make_event(calendar)
    other = f.make_event(calendar, title="Другой семинар")
    for occurrence_id in (only_occurrence(other).pk, 999999, 10**30):
        url = event.url + f"register/{occurrence_id}/"
        response = client.get(url)
        assert response.status_code == 404, occurrence_id
        assert "нет такого занятия" in response.content.decode()
        assert client.post(url, form_post()).status_code == 404
    assert not Registration.objects.exists()


def test_the_rate_limit_stops_a_flood_from_one_address(client, calendar, settings):
    from communities.views import registration as views

    event = f.make_event(calendar)
    url = form_url(event, only_occurrence(event))
    limit = int(views.RATE_PER_IP.split("/")[0])
    statuses = [client.post(url, form_post(email=f"p{n}@example.ru")).status_code for n in range(limit + 2)]
    assert statuses[:limit] == [302] * limit
    assert statuses[-1] == 429
    response = client.post(url, form_post(email="late@example.ru"))
    assert "Слишком много попыток" in response.content.decode()
    assert Registration.objects.count() == limit


# --- the participant's page ----------------------------------------------------------------------


def personal_path(registration, kind=service.PERSONAL):
    event = registration.occurrence.event
    return event.url + event.reverse_subpage("registration", kwargs={"token": service.make_token(registration, kind)})


def test_the_personal_page_is_private_and_not_indexed(client, calendar):
    registration = register(only_occurrence(f.make_event(calendar)))
    response = client.get(personal_path(registration))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="robots" content="noindex' in response.content.decode()


def test_the_online_link_is_shown_only_to_confirmed_participants(client, calendar):
    event = f.make_event(calendar, format=EventPage.Format.ONLINE, capacity=1)
    occurrence = only_occurrence(event)
    confirmed = register(occurrence, "seat@example.ru")
    waiting = register(occurrence, "queue@example.ru")
    secret = event.online_url

    assert secret in client.get(personal_path(confirmed)).content.decode()
    assert secret not in client.get(personal_path(waiting)).content.decode()
    assert secret not in client.get(event.url).content.decode()
    assert secret not in client.get(form_url(event, occurrence)).content.decode()
    assert secret in OutgoingEmail.objects.get(purpose="communities.confirmation").body_text
    assert secret not in OutgoingEmail.objects.get(purpose="communities.waiting").body_text

    service.cancel(confirmed)
    assert secret not in client.get(personal_path(confirmed)).content.decode()
    assert secret in client.get(personal_path(waiting)).content.decode()


def test_the_personal_page_offers_the_calendar_file(client, calendar):
    from icalendar import Calendar

    event = f.make_event(calendar)
    registration = register(only_occurrence(event))
    response = client.get(personal_path(registration) + "?format=ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title


def test_cancelling_through_the_personal_link_asks_first_then_needs_a_post_with_csrf(calendar):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    event = f.make_event(calendar, capacity=1)
    occurrence = only_occurrence(event)
    registration = register(occurrence, "holder@example.ru")
    waiting = register(occurrence, "waiting@example.ru")

    confirm = client.get(personal_path(registration, service.CANCEL))
    body = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Отменить регистрацию?" in body
    registration.refresh_from_db()
    assert registration.is_active  # opening the link cancels nothing

    assert client.post(personal_path(registration), {"action": "cancel"}).status_code == 403
    registration.refresh_from_db()
    assert registration.is_active

    token = confirm.cookies["csrftoken"].value
    response = client.post(personal_path(registration), {"action": "cancel", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    done = client.get(response["Location"]).content.decode()
    assert "Регистрация отменена" in done


def test_tampered_and_foreign_links_get_a_russian_404_and_reveal_nothing(client, calendar):
    event = f.make_event(calendar)
    other = f.make_event(calendar, title="Другой семинар")
    registration = register(only_occurrence(event), "anna@example.ru")
    path = personal_path(registration)
    for url in (
        path[:-3] + "xx/",
        event.url + "registration/12/",
        event.url + "registration/" + "a" * 3000 + "/",
        other.url + path[len(event.url) :],  # a genuine token, on another event's page
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        body = response.content.decode()
        assert "Ссылка недействительна" in body
        assert "anna@example.ru" not in body and "Иванова" not in body
        assert client.post(url, {"action": "cancel"}).status_code in (403, 404)
    registration.refresh_from_db()
    assert registration.is_active


def test_a_cancelled_registration_page_offers_to_register_again(client, calendar):
    event = f.make_event(calendar)
    registration = register(only_occurrence(event))
    service.cancel(registration)
    body = client.get(personal_path(registration)).content.decode()
    assert "Отменил регистрацию" in body
    assert "Зарегистрироваться снова" in body
    assert client.get(personal_path(registration) + "?format=ics").status_code == 404


# --- the box on event pages --------------------------------------------------------------------


def render_box(event, occurrence):
    from django.template import engines
    from django.test import RequestFactory

    template = engines["django"].from_string("{% load registration_tags %}{% registration_box event occurrence %}")
    return template.render({"event": event, "occurrence": occurrence, "request": RequestFactory().get("/")})


def test_the_box_tells_seats_left_and_links_to_the_form(calendar):
    event = f.make_event(calendar, capacity=3)
    occurrence = only_occurrence(event)
    register(occurrence)
    html = render_box(event, occurrence)
    assert "Осталось 2 места из 3" in html
    assert f'href="{form_url(event, occurrence)}"' in html
    assert "Зарегистрироваться" in html


def test_the_box_offers_the_waiting_list_when_full(calendar):
    event = f.make_event(calendar, capacity=1)
    occurrence = only_occurrence(event)
    register(occurrence, "a@example.ru")
    register(occurrence, "b@example.ru")
    html = render_box(event, occurrence)
    assert "Мест нет" in html and "в очереди 1 человек" in html
    assert "Записаться в лист ожидания" in html


@pytest.mark.parametrize(
    ("fields", "phrase"),
    [
        ({"status": EventPage.Status.CANCELLED}, "Занятие отменено"),
        ({"registration_required": False}, "Регистрация не нужна"),
        ({"registration_deadline": timezone.now() - datetime.timedelta(hours=1)}, "Регистрация закончилась"),
    ],
)
def test_the_box_says_why_registration_is_closed_and_links_nowhere(calendar, fields, phrase):
    event = f.make_event(calendar, **fields)
    occurrence = only_occurrence(event)
    html = render_box(event, occurrence)
    assert phrase in html
    assert "register/" not in html


def test_the_box_without_a_consent_text_says_registration_is_closed(calendar):
    event = f.make_event(calendar)
    calendar.consent_page.unpublish()
    html = render_box(event, only_occurrence(event))
    assert "Регистрация временно закрыта" in html
    assert "register/" not in html


def test_the_box_renders_nothing_for_an_occurrence_of_another_event(calendar):
    event = f.make_event(calendar)
    other = f.make_event(calendar, title="Другой")
    assert render_box(event, only_occurrence(other)).strip() == ""


def test_the_event_page_has_a_box_per_upcoming_date(client, calendar):
    event = f.make_event(calendar, capacity=4)
    body = client.get(event.url).content.decode()
    assert "registration-box" in body
    assert form_url(event, only_occurrence(event)) in body


def test_letters_link_to_the_site_by_its_configured_address(calendar):
    from wagtail.models import Site

    event = f.make_event(calendar)
    registration = register(only_occurrence(event))
    url = service.registration_url(registration)
    assert url.startswith("http://localhost/events/")  # the factory's site: localhost, port 80
    assert service.read_token(url.rstrip("/").rsplit("/", 1)[-1]) == (registration, service.PERSONAL)
    site = Site.objects.get()
    site.hostname, site.port = "portal.iro.example", 443
    site.save()  # saving a site clears Wagtail's cached site paths
    registration = Registration.objects.get(pk=registration.pk)  # and the page's own cache with it
    assert service.registration_url(registration).startswith("https://portal.iro.example/events/")
