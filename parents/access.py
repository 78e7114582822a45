"""Who may see and handle which consultation request: the one place that decides.

Every admin view of requests (the list, the card, edit, delete, history, each action) and
the figures take their queryset or their yes/no from here, so a new view cannot forget a rule.

Rules (fail closed):

- a supervisor (permission ``parents.supervise_consultations``, or a superuser) sees every
  request and may assign, reassign, reply and close any of them;
- a consultant (``parents.view_consultationrequest``) sees the requests assigned to them and
  the queue of new, unassigned ones, takes a request from the queue, and replies to and
  closes only their own; another consultant's request does not exist for them (404);
- nobody else sees anything.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from base.roles import CONSULTANTS

from .choices import Status
from .models import ConsultationRequest

SUPERVISE = "parents.supervise_consultations"
VIEW = "parents.view_consultationrequest"
CHANGE = "parents.change_consultationrequest"
FIGURES = "parents.view_consultation_figures"


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_supervisor(user) -> bool:
    return _active(user) and (user.is_superuser or user.has_perm(SUPERVISE))


def can_see_figures(user) -> bool:
    return _active(user) and (user.is_superuser or user.has_perm(FIGURES))


def visible_requests(user):
    """The requests ``user`` may see at all."""
    requests = ConsultationRequest.objects.all()
    if is_supervisor(user):
        return requests
    if _active(user) and user.has_perm(VIEW):
        return requests.filter(Q(consultant=user) | Q(consultant__isnull=True, status=Status.NEW))
    return requests.none()


def can_see(user, request: ConsultationRequest) -> bool:
    return visible_requests(user).filter(pk=request.pk).exists()


def is_own(user, request: ConsultationRequest) -> bool:
    return _active(user) and request.consultant_id == user.pk


def can_change(user, request: ConsultationRequest) -> bool:
    """Correct the request's classification (topic, municipality, school) or write a note."""
    if request.is_anonymised:
        return False
    return is_supervisor(user) or (_active(user) and user.has_perm(CHANGE) and can_see(user, request))


# What each action needs, besides the request being in a state it applies to (parents.workflow).
def can_take(user, request: ConsultationRequest) -> bool:
    return (
        request.status == Status.NEW
        and request.consultant_id is None
        and _active(user)
        and user.has_perm(CHANGE)
        and is_consultant(user)
    )


def can_assign(user, request: ConsultationRequest) -> bool:
    return request.status in (Status.NEW, Status.ASSIGNED) and is_supervisor(user)


def can_release(user, request: ConsultationRequest) -> bool:
    return request.status == Status.ASSIGNED and (
        is_supervisor(user) or (is_own(user, request) and user.has_perm(CHANGE))
    )


def can_reply(user, request: ConsultationRequest) -> bool:
    if request.status not in (Status.ASSIGNED, Status.ANSWERED) or request.is_anonymised:
        return False
    return is_supervisor(user) or (is_own(user, request) and user.has_perm(CHANGE))


def can_close(user, request: ConsultationRequest) -> bool:
    if request.status == Status.CLOSED:
        return False
    return is_supervisor(user) or (is_own(user, request) and user.has_perm(CHANGE))


def can_note(user, request: ConsultationRequest) -> bool:
    return can_change(user, request)


def is_consultant(user) -> bool:
    return _active(user) and user.groups.filter(name=CONSULTANTS).exists()


def consultants():
    """Who a request can be assigned to: active members of the consultants' group."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=CONSULTANTS)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
