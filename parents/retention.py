"""Personal data of requests is kept only while it is needed (152-ФЗ, art. 5 and 21).

A closed request keeps its personal data for CONSULTATION_RETENTION_DAYS after closing (a
parent may come back with the same question, a complaint may follow); then
``purge_consultations`` anonymises it. A parent may ask for it earlier (``erase_on_request``).

Anonymising rather than deleting: the service reports how many requests it had, on which
topics, from which municipalities and how fast it answered, and those figures must not change
when the data behind them goes. What stays says nothing about a family: the topic, the
municipality, the format, the dates and the states. Everything a person wrote or gave goes:
name, contacts, school, grade, question, answer, preferred time, notes, history comments.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .choices import Status
from .models import ConsultationRequest, InternalNote, StatusChange

logger = logging.getLogger("parents.retention")

ERASED_NAME = "(данные удалены)"


def anonymise(request: ConsultationRequest, *, reason: str, user=None, now=None) -> ConsultationRequest:
    """Erase the personal data of one request, close it if open, and say so in its history."""
    from .workflow import display_name, record

    now = now or timezone.now()
    previous = request.status
    request.name = ERASED_NAME
    request.email = ""
    request.phone = ""
    request.school = None
    request.child_grade = "other"
    request.question = ""
    request.answer = ""
    request.preferred_time = ""
    request.slot = None
    request.submission_token = None
    request.anonymised_at = now
    if request.status != Status.CLOSED:
        request.status = Status.CLOSED
        request.closed_at = now
    request.save()
    InternalNote.objects.filter(request=request).delete()
    StatusChange.objects.filter(request=request).update(note="")
    record(request, user, previous, Status.CLOSED, reason)
    logger.info("Обращение %s обезличено (%s)%s", request.reference, reason, f", {display_name(user)}" if user else "")
    return request


@dataclass
class PurgeResult:
    cutoff: datetime.datetime
    references: list[str]
    dry_run: bool


def due_for_purge(days: int | None = None, now=None):
    days = settings.CONSULTATION_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    candidates = ConsultationRequest.objects.filter(
        status=Status.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
    ).order_by("closed_at")
    return cutoff, candidates


def purge(days: int | None = None, *, dry_run: bool = False, now=None) -> PurgeResult:
    """Anonymise closed requests whose retention period has passed; one transaction each, so
    an interrupted run leaves every request either whole or anonymised."""
    now = now or timezone.now()
    cutoff, candidates = due_for_purge(days, now)
    references = []
    for request in candidates.iterator():
        references.append(request.reference)
        if dry_run:
            continue
        with transaction.atomic():
            locked = ConsultationRequest.objects.select_for_update().get(pk=request.pk)
            anonymise(locked, reason="Персональные данные удалены: истёк срок хранения", now=now)
    logger.info(
        "purge_consultations%s: %s обращений закрыто до %s",
        " (проверка)" if dry_run else "",
        len(references),
        timezone.localtime(cutoff).strftime("%d.%m.%Y %H:%M"),
    )
    return PurgeResult(cutoff=cutoff, references=references, dry_run=dry_run)


@transaction.atomic
def erase_on_request(request: ConsultationRequest) -> None:
    """The parent's own deletion request (number and e-mail checked by the caller).

    The confirmation goes to the address before it is erased; letters already sent about the
    request leave the outbox too, since they quote it. Letters still waiting are delivered.
    """
    from base.models import OutgoingEmail

    from . import notify

    locked = ConsultationRequest.objects.select_for_update().get(pk=request.pk)
    email, reference = locked.email, locked.reference
    if email:
        notify.deleted(reference, email)
    sent = OutgoingEmail.objects.filter(
        purpose__startswith="parents.", status=OutgoingEmail.Status.SENT, subject__contains=reference
    )
    sent.filter(pk__in=[letter.pk for letter in sent if email in letter.recipients]).delete()
    anonymise(locked, reason="Персональные данные удалены по просьбе заявителя")
