"""Letters about registrations: what they say, the .ics they carry, the links in them, notices when
staff move or cancel an occurrence, and delivery after the mail server comes back."""

import datetime
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar

from django.utils import timezone

from base.mail import deliver, deliver_due
from base.models import OutgoingEmail
from communities import registration as service
from communities.models import EventPage, Registration
from tests.base.test_mail import Inbox, free_port
from tests.factories import communities as f

pytestmark = pytest.mark.django_db


def register(occurrence, email="anna@example.ru", full_name="Иванова Анна Петровна"):
    calendar = occurrence.event.get_parent().specific
    data = {"full_name": full_name, "email": email, "school": None, "organisation": "СОШ № 5", "position": "учитель"}
    return service.register(occurrence, data, calendar.consent_page)


def only_occurrence(event):
    (occurrence,) = event.occurrences.all()
    return occurrence


def parse_ics(text):
    calendar = Calendar.from_ical(text)
    return calendar, calendar.walk("VEVENT")


def test_the_confirmation_says_what_when_where_and_carries_the_calendar_file(
    client, calendar, django_capture_on_commit_callbacks, mailoutbox
):
    event = f.make_event(calendar, title="Семинар «Читаем задачу»", hours=4)
    occurrence = only_occurrence(event)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(occurrence)

    (message,) = mailoutbox
    assert message.to == ["anna@example.ru"]
    assert message.subject == "Вы зарегистрированы: Семинар «Читаем задачу»"
    text = message.body
    assert "Здравствуйте, Иванова Анна Петровна!" in text
    assert occurrence.when() in text
    assert event.place in text
    assert "Ссылка на трансляцию" not in text  # an in-person event has none

    personal = service.registration_url(registration, service.PERSONAL)
    cancel = service.registration_url(registration, service.CANCEL)
    assert personal.startswith("http://localhost/events/") and personal in text
    assert cancel in text
    # The links work: they are the person's page and the cancel step.
    assert "Ваша регистрация" in client.get(personal.removeprefix("http://localhost")).content.decode()
    assert "Отменить регистрацию?" in client.get(cancel.removeprefix("http://localhost")).content.decode()

    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    assert personal in html and "Вы зарегистрированы" in html

    (filename, content, attachment_type) = message.attachments[0]
    assert (filename, attachment_type) == ("event.ics", "text/calendar")
    vcalendar, (vevent,) = parse_ics(content)
    assert vcalendar.walk("VTIMEZONE")
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent.decoded("DTSTART") == occurrence.start
    assert vevent.decoded("DTEND") == occurrence.end
    assert str(vevent["UID"]) == occurrence.uid("localhost")
    assert str(vevent["STATUS"]) == "CONFIRMED"


def test_the_waiting_list_letter_gives_the_place_and_no_broadcast_link(calendar, mailoutbox):
    event = f.make_event(calendar, format=EventPage.Format.ONLINE, capacity=1)
    occurrence = only_occurrence(event)
    register(occurrence, "seat@example.ru")
    register(occurrence, "queue1@example.ru")
    register(occurrence, "queue2@example.ru")
    seat, first, second = OutgoingEmail.objects.order_by("pk")
    assert event.online_url in seat.body_text and event.online_url in seat.body_html
    assert second.subject.startswith("Лист ожидания")
    assert "Ваше место в очереди: 2." in second.body_text
    assert event.online_url not in first.body_text + first.body_html
    assert event.online_url not in second.body_text + second.body_html
    assert second.attachments == []


def test_promotion_letter_brings_the_broadcast_link_and_the_calendar_file(calendar):
    event = f.make_event(calendar, format=EventPage.Format.MIXED, capacity=1)
    occurrence = only_occurrence(event)
    holder = register(occurrence, "seat@example.ru")
    register(occurrence, "queue@example.ru")
    service.cancel(holder)
    letter = OutgoingEmail.objects.get(purpose="communities.promoted")
    assert letter.recipients == ["queue@example.ru"]
    assert letter.subject == f"Для вас освободилось место: {event.title}"
    assert event.online_url in letter.body_text
    _calendar, (vevent,) = parse_ics(letter.attachments[0]["content"])
    assert vevent.decoded("DTSTART") == occurrence.start
    acknowledgement = OutgoingEmail.objects.get(purpose="communities.cancelled")
    assert acknowledgement.recipients == ["seat@example.ru"]
    assert "отменена" in acknowledgement.subject
    assert event.online_url not in acknowledgement.body_text


def test_staff_cancelling_the_event_tells_everyone_registered_once(calendar):
    event = f.make_event(calendar, capacity=1)
    occurrence = only_occurrence(event)
    register(occurrence, "seat@example.ru")
    register(occurrence, "queue@example.ru")
    gone = register(f.make_event(calendar, title="Другое").occurrences.get(), "other@example.ru")
    service.cancel(Registration.objects.get(email="queue@example.ru"))
    register(occurrence, "late@example.ru")

    event = f.republish(event, status=EventPage.Status.CANCELLED, status_note="Лектор заболел")
    notices = OutgoingEmail.objects.filter(purpose="communities.event_cancelled")
    assert sorted(n.recipients[0] for n in notices) == ["late@example.ru", "seat@example.ru"]
    notice = notices.get(recipients=["seat@example.ru"])
    assert notice.subject == f"Занятие отменено: {event.title}"
    assert "Лектор заболел" in notice.body_text
    _calendar, (vevent,) = parse_ics(notice.attachments[0]["content"])
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert int(vevent["SEQUENCE"]) >= 1
    assert gone.email not in [r for n in notices for r in n.recipients]

    # Publishing again (a typo fixed) tells nobody anything new.
    f.republish(event, status_note="Лектор заболел.")
    assert OutgoingEmail.objects.filter(purpose="communities.event_cancelled").count() == 2


def test_moving_an_occurrence_sends_the_new_time_and_an_updated_calendar_file(calendar):
    start = f.at(10, hour=15)
    event = f.make_event(calendar, start=start)
    occurrence = only_occurrence(event)
    register(occurrence)
    new_start = f.at(12, hour=11)
    f.republish(event, start=new_start, end=new_start + datetime.timedelta(hours=2), status=EventPage.Status.MOVED)

    occurrence.refresh_from_db()
    assert occurrence.start == new_start
    (notice,) = OutgoingEmail.objects.filter(purpose="communities.event_changed")
    assert notice.subject.startswith("Изменения в занятии")
    assert occurrence.when() in notice.body_text
    _calendar, (vevent,) = parse_ics(notice.attachments[0]["content"])
    assert vevent.decoded("DTSTART") == new_start
    assert int(vevent["SEQUENCE"]) == occurrence.sequence >= 1
    assert str(vevent["UID"]) == occurrence.uid("localhost")  # the same event, replaced in calendars
    registration = Registration.objects.get()
    assert registration.notified_sequence == occurrence.sequence


def test_a_change_to_a_private_event_is_not_mailed(calendar):
    from wagtail.models import PageViewRestriction

    start = f.at(10)
    event = f.make_event(calendar, start=start)
    register(only_occurrence(event))
    PageViewRestriction.objects.create(page=event, restriction_type=PageViewRestriction.LOGIN)
    f.republish(event, start=start + datetime.timedelta(days=1), end=start + datetime.timedelta(days=1, hours=2))
    assert not OutgoingEmail.objects.filter(purpose__startswith="communities.event_").exists()


def test_subjects_with_quotes_and_ampersands_are_not_html_escaped(calendar):
    event = f.make_event(calendar, title='Круглый стол "Школа & семья"')
    register(only_occurrence(event))
    letter = OutgoingEmail.objects.get()
    assert letter.subject == 'Вы зарегистрированы: Круглый стол "Школа & семья"'
    assert 'Круглый стол "Школа & семья"' in letter.body_text
    assert "Круглый стол &quot;Школа &amp; семья&quot;" in letter.body_html


def test_the_confirmation_goes_out_after_the_smtp_server_comes_back(settings, calendar):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    event = f.make_event(calendar, title="Вебинар о функциональной грамотности")
    occurrence = only_occurrence(event)

    register(occurrence)
    letter = OutgoingEmail.objects.get()
    assert deliver(letter.pk) == OutgoingEmail.Status.PENDING  # nobody listens on the port
    letter.refresh_from_db()
    assert letter.attempts == 1 and letter.last_error

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        counts = deliver_due(now=timezone.now() + datetime.timedelta(hours=1))
    finally:
        server.stop()
    assert counts["sent"] == 1
    letter.refresh_from_db()
    assert letter.status == OutgoingEmail.Status.SENT

    (message,) = inbox.messages
    assert str(make_header(decode_header(message["Subject"]))) == f"Вы зарегистрированы: {event.title}"
    assert message["To"] == "anna@example.ru"
    parts = {part.get_content_type(): part for part in message.walk() if not part.is_multipart()}
    assert "Иванова Анна Петровна" in parts["text/plain"].get_payload(decode=True).decode("utf-8")
    assert "Вы зарегистрированы" in parts["text/html"].get_payload(decode=True).decode("utf-8")
    ics = parts["text/calendar"]
    assert ics.get_filename() == "event.ics"
    _calendar, (vevent,) = parse_ics(ics.get_payload(decode=True))
    assert vevent.decoded("DTSTART") == occurrence.start


def test_a_rolled_back_registration_sends_nothing(calendar, django_capture_on_commit_callbacks, mailoutbox):
    from django.db import transaction

    occurrence = only_occurrence(f.make_event(calendar))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        register(occurrence)
        raise RuntimeError("the request failed after registering")
    assert mailoutbox == []
    assert not Registration.objects.exists()
