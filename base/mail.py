"""E-mail through the one background queue, with retries (DESIGN.md "Running in production").

``send_templated`` renders a letter from templates, stores it as an ``OutgoingEmail`` and,
once the caller's transaction commits, asks the queue to deliver it. A delivery that fails
(the mail server is down, refuses, times out) leaves the letter pending with a later
``next_attempt_at``; ``python manage.py send_pending_mail``, run by the schedule every few
minutes, retries what is due. Nothing is lost between the form and the mail server.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django_tasks import task, task_backends

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from base.models import OutgoingEmail
from base.queue import BACKGROUND

logger = logging.getLogger(__name__)

# Retries back off from 2 minutes to 6 hours; 12 attempts span about two days of outage.
MAX_ATTEMPTS = 12
# A worker that took a letter holds it this long, so a second worker does not send it twice.
CLAIM_SECONDS = 300
# Sent letters hold personal data (addresses, names): kept this long for support, then deleted.
KEEP_SENT_DAYS = 30


def send_templated(
    recipients, template: str, context: dict, *, purpose: str = "", attachments=(), reply_to=()
) -> OutgoingEmail:
    """Store the letter made from ``<template>_subject.txt``, ``<template>.txt`` and (when it
    exists) ``<template>.html``, and deliver it through the queue after the transaction commits.

    ``attachments`` are ``(filename, text, mimetype)`` triples of small text files.
    """
    if isinstance(recipients, str):
        recipients = [recipients]
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body_text = render_to_string(f"{template}.txt", context)
    try:
        body_html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        body_html = ""
    letter = OutgoingEmail.objects.create(
        purpose=purpose,
        recipients=list(recipients),
        reply_to=list(reply_to),
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
        attachments=[
            {"filename": filename, "content": content, "mimetype": mimetype}
            for filename, content, mimetype in attachments
        ],
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: deliver_email.enqueue(letter.pk))
    return letter


@task(backend=BACKGROUND)
def deliver_email(email_id: int) -> str:
    """Queue entry point: one delivery attempt of one stored letter."""
    return deliver(email_id)


def deliver(email_id: int, now=None) -> str:
    """Try to hand the letter to the mail server once; return its status afterwards."""
    now = now or timezone.now()
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
    letter = OutgoingEmail.objects.filter(pk=email_id).first()
    if letter is None:
        return "missing"
    if not claimed:
        return letter.status
    message = EmailMultiAlternatives(
        subject=letter.subject, body=letter.body_text, to=letter.recipients, reply_to=letter.reply_to or None
    )
    if letter.body_html:
        message.attach_alternative(letter.body_html, "text/html")
    for attachment in letter.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    letter.attempts += 1
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        _schedule_retry(letter, error)
    else:
        letter.status = OutgoingEmail.Status.SENT
        letter.sent_at = timezone.now()
        letter.last_error = ""
    letter.save(update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"])
    return letter.status


def _schedule_retry(letter: OutgoingEmail, error: Exception) -> None:
    letter.last_error = f"{type(error).__name__}: {error}"[:2000]
    if letter.attempts >= MAX_ATTEMPTS:
        letter.status = OutgoingEmail.Status.FAILED
        logger.error("Письмо %s не отправлено после %s попыток: %s", letter.pk, letter.attempts, letter.last_error)
        return
    delay = min(timedelta(minutes=2**letter.attempts), timedelta(hours=6))
    letter.next_attempt_at = timezone.now() + delay
    logger.warning("Письмо %s не отправлено (%s), повтор в %s", letter.pk, letter.last_error, letter.next_attempt_at)
    backend = task_backends[BACKGROUND]
    if backend.supports_defer:
        # The worker comes back to it by itself; send_pending_mail is the safety net.
        transaction.on_commit(lambda: deliver_email.using(run_after=letter.next_attempt_at).enqueue(letter.pk))


def deliver_due(now=None) -> dict[str, int]:
    """Retry every pending letter whose time has come; purge sent letters past keeping."""
    now = now or timezone.now()
    counts = {"sent": 0, "pending": 0, "failed": 0}
    due = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now)
    for email_id in due.values_list("pk", flat=True).order_by("next_attempt_at"):
        status = deliver(email_id, now)
        counts[status] = counts.get(status, 0) + 1
    counts["purged"], _ = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENT, sent_at__lt=now - timedelta(days=KEEP_SENT_DAYS)
    ).delete()
    return counts
