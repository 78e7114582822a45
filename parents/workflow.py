"""The life of a request: new → assigned → answered → closed, every step in its history.

Each step checks who may take it (``parents.access``), locks the request's row so two
consultants clicking at once cannot both take it, writes a ``StatusChange`` and queues the
letters the step owes (``parents.notify``), all in one transaction: a step either happens
whole, with its history and its letters, or not at all.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from . import access, notify
from .choices import Status
from .models import ConsultationRequest, InternalNote, StatusChange


class WorkflowError(Exception):
    """The step does not apply to the request as it is now (someone else was quicker)."""


def display_name(user) -> str:
    if user is None:
        return "система"
    return user.get_full_name() or user.get_username()


def record(request: ConsultationRequest, user, from_status: str, to_status: str, note: str = "") -> StatusChange:
    return StatusChange.objects.create(
        request=request,
        user=user,
        user_name=display_name(user) if user is not None else "",
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def _locked(request: ConsultationRequest) -> ConsultationRequest:
    return ConsultationRequest.objects.select_for_update().get(pk=request.pk)


def _check(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


@transaction.atomic
def take(request: ConsultationRequest, user) -> ConsultationRequest:
    """A consultant takes a new request from the queue."""
    current = _locked(request)
    if current.status != Status.NEW or current.consultant_id is not None:
        raise WorkflowError("Обращение уже взял в работу другой консультант.")
    _check(access.can_take(user, current), "Брать обращения в работу могут только консультанты.")
    _assign(current, user, by=user, note="Взято в работу из очереди")
    return current


@transaction.atomic
def assign(request: ConsultationRequest, consultant, by, note: str = "") -> ConsultationRequest:
    """A supervisor gives a request to a consultant (or to another one)."""
    current = _locked(request)
    _check(access.can_assign(by, current), "Назначать консультантов может руководитель службы.")
    if not access.consultants().filter(pk=consultant.pk).exists():
        raise WorkflowError("Назначить можно только сотрудника из группы «Консультанты».")
    if current.consultant_id == consultant.pk and current.status == Status.ASSIGNED:
        raise WorkflowError("Обращение уже назначено этому консультанту.")
    _assign(current, consultant, by=by, note=note)
    if consultant.pk != by.pk:
        notify.assigned(current, consultant, by)
    return current


def _assign(current: ConsultationRequest, consultant, *, by, note: str) -> None:
    previous = current.status
    current.consultant = consultant
    current.status = Status.ASSIGNED
    current.assigned_at = timezone.now()
    current.save(update_fields=["consultant", "status", "assigned_at"])
    text = f"Консультант: {display_name(consultant)}"
    record(current, by, previous, Status.ASSIGNED, f"{text}. {note}".strip() if note else text)


@transaction.atomic
def release(request: ConsultationRequest, user, note: str = "") -> ConsultationRequest:
    """Back to the queue: the consultant cannot take it after all (leave, wrong topic)."""
    current = _locked(request)
    _check(access.can_release(user, current), "Вернуть в очередь можно только своё обращение.")
    current.consultant = None
    current.status = Status.NEW
    current.assigned_at = None
    current.save(update_fields=["consultant", "status", "assigned_at"])
    record(current, user, Status.ASSIGNED, Status.NEW, note or "Возвращено в очередь")
    return current


@transaction.atomic
def reply(request: ConsultationRequest, user, text: str) -> ConsultationRequest:
    """The consultant's answer: stored, shown on the status page and e-mailed to the parent."""
    current = _locked(request)
    _check(access.can_reply(user, current), "Ответить может консультант, которому назначено обращение.")
    previous = current.status
    current.answer = text
    current.status = Status.ANSWERED
    current.answered_at = timezone.now()
    current.save(update_fields=["answer", "status", "answered_at"])
    sent = notify.reply(current, user)
    note = "Ответ отправлен на электронную почту заявителя" if sent else "Заявитель не оставил e-mail: ответ записан"
    record(current, user, previous, Status.ANSWERED, note)
    return current


@transaction.atomic
def close(request: ConsultationRequest, user, note: str = "") -> ConsultationRequest:
    """Done with. Closing without an answer needs a reason, for the parent and the figures."""
    current = _locked(request)
    _check(access.can_close(user, current), "Закрыть можно только своё обращение.")
    if current.status == Status.CLOSED:
        raise WorkflowError("Обращение уже закрыто.")
    if current.status != Status.ANSWERED and not note.strip():
        raise WorkflowError("Обращение закрывается без ответа: напишите причину.")
    previous = current.status
    current.status = Status.CLOSED
    current.closed_at = timezone.now()
    current.save(update_fields=["status", "closed_at"])
    record(current, user, previous, Status.CLOSED, note)
    return current


@transaction.atomic
def add_note(request: ConsultationRequest, user, text: str) -> InternalNote:
    _check(access.can_note(user, request), "Заметки пишут сотрудники, которым видно обращение.")
    return InternalNote.objects.create(request=request, author=user, author_name=display_name(user), text=text)
