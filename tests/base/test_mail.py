"""Letters go through the outbox: stored first, delivered by the queue, retried after an outage."""

import socket
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from base.mail import MAX_ATTEMPTS, deliver_due, send_templated
from base.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def notice(to="parent@example.ru", subject="Заявка принята", text="Номер заявки: К-0001"):
    return send_templated(to, "base/email/notice", {"subject": subject, "text": text}, purpose="test")


def test_a_letter_is_sent_only_after_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        letter = notice()
        assert mail.outbox == []
    letter.refresh_from_db()
    assert letter.status == OutgoingEmail.Status.SENT
    assert [m.subject for m in mail.outbox] == ["Заявка принята"]
    assert "Номер заявки: К-0001" in mail.outbox[0].body
    assert mail.outbox[0].to == ["parent@example.ru"]


def test_a_rolled_back_form_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notice()
        raise RuntimeError("form failed")
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def test_an_smtp_outage_delays_the_letter_and_loses_nothing(settings, django_capture_on_commit_callbacks):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2

    with django_capture_on_commit_callbacks(execute=True):
        letter = notice(text="Ответ консультанта готов")
    letter.refresh_from_db()
    assert letter.status == OutgoingEmail.Status.PENDING
    assert letter.attempts == 1
    assert "Connection" in letter.last_error or "refused" in letter.last_error
    assert letter.next_attempt_at > timezone.now()

    # Not yet due: the schedule leaves it alone.
    assert deliver_due()["sent"] == 0

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        counts = deliver_due(now=timezone.now() + timedelta(hours=1))
    finally:
        server.stop()
    assert counts["sent"] == 1
    letter.refresh_from_db()
    assert letter.status == OutgoingEmail.Status.SENT
    assert letter.attempts == 2
    assert [str(make_header(decode_header(m["Subject"]))) for m in inbox.messages] == ["Заявка принята"]
    body = inbox.messages[0].get_payload(decode=True).decode("utf-8")
    assert "Ответ консультанта готов" in body


def test_after_the_last_attempt_the_letter_is_marked_failed(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    letter = notice()
    OutgoingEmail.objects.filter(pk=letter.pk).update(attempts=MAX_ATTEMPTS - 1)
    deliver_due(now=timezone.now() + timedelta(days=1))
    letter.refresh_from_db()
    assert letter.status == OutgoingEmail.Status.FAILED


def test_the_scheduled_command_reports_and_purges_old_sent_letters(capsys):
    old = notice()
    OutgoingEmail.objects.filter(pk=old.pk).update(
        status=OutgoingEmail.Status.SENT, sent_at=timezone.now() - timedelta(days=90)
    )
    notice(to="other@example.ru")
    call_command("send_pending_mail")
    out = capsys.readouterr().out
    assert "Отправлено: 1" in out
    assert "удалено старых: 1" in out
    assert not OutgoingEmail.objects.filter(pk=old.pk).exists()
    assert [m.to for m in mail.outbox] == [["other@example.ru"]]
