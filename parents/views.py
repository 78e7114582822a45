"""The parents' side of the service: the request form, its receipt, the status and deletion
pages. They are routes of ``ConsultationServicePage`` (request/, request/done/, status/, delete/).

Every one of them shows or takes personal data, so none may be kept by a shared cache or the
browser (``base.http.keep_private``). Status and deletion answer «not found» in the same words whether
the number or the e-mail was wrong, so the pages tell a stranger nothing.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from base.consent import consent_record, live_consent
from base.http import keep_private
from base.ratelimit import over_limit

from . import notify, retention, workflow
from .choices import Status
from .forms import ConsultationRequestForm, DeletionForm, LookupForm, new_token
from .models import ConsultationRequest, ConsultationSlot

logger = logging.getLogger(__name__)

SESSION_SUBMITTED = "parents_submitted"
DUPLICATE_WINDOW = datetime.timedelta(hours=24)

TOO_MANY_REQUESTS = (
    "С этого адреса только что отправлено несколько обращений. Чтобы защитить службу от автоматических рассылок, "
    "приём новых ненадолго приостановлен — попробуйте через час или позвоните нам."
)
TOO_MANY_LOOKUPS = "Слишком много попыток подряд. Попробуйте через час или позвоните нам — мы подскажем."
DUPLICATE = (
    "Такое же обращение с этими контактами уже принято сегодня. Повторно отправлять его не нужно: номер обращения "
    "пришёл вам на почту, а консультант ответит в срок."
)
SLOT_TAKEN = "Это время только что занял другой родитель. Выберите другое время или оставьте поле пустым."
NOT_FOUND = (
    "Обращение с таким номером и адресом электронной почты не найдено. Проверьте номер в письме с подтверждением "
    "и адрес, который вы указывали в обращении."
)


def _render(request, service, template, context, status=200):
    page_context = service.get_context(request)
    page_context.update(context)
    return keep_private(TemplateResponse(request, template, page_context, status=status))


def _email_key(_group, request):
    return (request.POST.get("email") or "").strip().lower()[:254]


def _over_submission_limit(request, increment: bool = False) -> bool:
    by_ip = over_limit(request, "parents.request.ip", "ip", settings.CONSULTATION_RATE_PER_IP, increment)
    by_email = bool(_email_key(None, request)) and over_limit(
        request, "parents.request.email", _email_key, settings.CONSULTATION_RATE_PER_EMAIL, increment
    )
    return by_ip or by_email


def request_form(request, service):
    consent = live_consent(service.consent_page)
    if consent is None:
        # 152-ФЗ: without a published consent text nothing may be collected.
        return _render(
            request,
            service,
            "parents/request_closed.html",
            {"route_title": "Получить консультацию", "route_name": "request"},
        )
    context = {"route_title": "Получить консультацию", "route_name": "request", "consent": consent}
    if request.method != "POST":
        form = ConsultationRequestForm(initial={"token": new_token()})
        return _render(request, service, "parents/request_form.html", {**context, "form": form})

    form = ConsultationRequestForm(request.POST)
    if _over_submission_limit(request):
        form.is_valid()
        form.add_error(None, TOO_MANY_REQUESTS)
        return _render(request, service, "parents/request_form.html", {**context, "form": form}, status=429)
    if not form.is_valid():
        return _render(request, service, "parents/request_form.html", {**context, "form": form})

    data = form.cleaned_data
    token = data["token"]
    earlier = ConsultationRequest.objects.filter(submission_token=token).first() if token else None
    if earlier is not None:
        # The same form again (double click, reload): the request is already stored.
        return _remember_and_show(request, service, earlier)
    if _is_duplicate(data):
        form.add_error(None, DUPLICATE)
        return _render(request, service, "parents/request_form.html", {**context, "form": form})
    try:
        consultation = _store(data, consent, service)
    except IntegrityError:
        earlier = ConsultationRequest.objects.filter(submission_token=token).first() if token else None
        if earlier is not None:
            return _remember_and_show(request, service, earlier)
        if (
            data.get("slot") is not None
            and ConsultationSlot.objects.filter(pk=data["slot"].pk, request__isnull=False).exists()
        ):
            form.add_error("slot", SLOT_TAKEN)
            return _render(request, service, "parents/request_form.html", {**context, "form": form})
        raise
    _over_submission_limit(request, increment=True)
    return _remember_and_show(request, service, consultation)


def _is_duplicate(data) -> bool:
    """The same question from the same contact within a day: a second click days apart is a
    new request; a resent form is not."""
    recent = ConsultationRequest.objects.filter(
        created_at__gte=timezone.now() - DUPLICATE_WINDOW, question=data["question"], anonymised_at__isnull=True
    )
    if data.get("email"):
        return recent.filter(email__iexact=data["email"]).exists()
    return recent.filter(phone=data["phone"]).exists()


@transaction.atomic
def _store(data, consent, service) -> ConsultationRequest:
    consultation = ConsultationRequest.objects.create(
        name=data["name"],
        email=data.get("email") or "",
        phone=data.get("phone") or "",
        child_grade=data["child_grade"],
        municipality=data.get("municipality"),
        school=data.get("school"),
        topic=data["topic"],
        question=data["question"],
        preferred_format=data["preferred_format"],
        preferred_time=data.get("preferred_time") or "",
        slot=data.get("slot"),
        submission_token=data["token"] or None,
        **consent_record(consent),
    )
    workflow.record(consultation, None, "", Status.NEW, "Обращение поступило через сайт")
    slot = data.get("slot")
    consultant = slot.page.user if slot is not None else None
    if consultant is not None and consultant.is_active:
        # The parent chose this consultant's time: the request is theirs from the start.
        consultation.consultant = consultant
        consultation.status = Status.ASSIGNED
        consultation.assigned_at = timezone.now()
        consultation.save(update_fields=["consultant", "status", "assigned_at"])
        workflow.record(
            consultation,
            None,
            Status.NEW,
            Status.ASSIGNED,
            f"Консультант: {workflow.display_name(consultant)} (родитель записался на его время)",
        )
    notify.received(consultation, service)
    return consultation


def _remember_and_show(request, service, consultation):
    submitted = [ref for ref in request.session.get(SESSION_SUBMITTED, []) if ref != consultation.reference]
    request.session[SESSION_SUBMITTED] = (submitted + [consultation.reference])[-10:]
    return keep_private(redirect(service.get_url(request) + service.reverse_subpage("request_done")))


def request_done(request, service):
    references = request.session.get(SESSION_SUBMITTED, [])
    consultation = (
        ConsultationRequest.objects.filter(reference=references[-1]).select_related("topic", "slot__page").first()
        if references
        else None
    )
    return _render(
        request,
        service,
        "parents/request_done.html",
        {"route_title": "Обращение принято" if consultation else "Получить консультацию", "consultation": consultation},
    )


def _lookup_limited(request) -> bool:
    return over_limit(request, "parents.lookup", "ip", settings.CONSULTATION_LOOKUP_RATE, increment=True)


def _find(form) -> ConsultationRequest | None:
    return (
        ConsultationRequest.objects.filter(
            reference=form.cleaned_data["reference"],
            email__iexact=form.cleaned_data["email"],
            anonymised_at__isnull=True,
        )
        .select_related("topic", "consultant", "slot__page")
        .first()
    )


def status_lookup(request, service):
    context = {"route_title": "Статус обращения", "route_name": "status"}
    if request.method != "POST":
        return _render(request, service, "parents/status.html", {**context, "form": LookupForm()})
    form = LookupForm(request.POST)
    if _lookup_limited(request):
        form.is_valid()
        form.add_error(None, TOO_MANY_LOOKUPS)
        return _render(request, service, "parents/status.html", {**context, "form": form}, status=429)
    if not form.is_valid():
        return _render(request, service, "parents/status.html", {**context, "form": form})
    consultation = _find(form)
    return _render(
        request,
        service,
        "parents/status.html",
        {**context, "form": form, "consultation": consultation, "not_found": consultation is None},
    )


def deletion_request(request, service):
    context = {"route_title": "Удалить данные обращения", "route_name": "delete"}
    if request.method != "POST":
        return _render(request, service, "parents/deletion.html", {**context, "form": DeletionForm()})
    form = DeletionForm(request.POST)
    if _lookup_limited(request):
        form.is_valid()
        form.add_error(None, TOO_MANY_LOOKUPS)
        return _render(request, service, "parents/deletion.html", {**context, "form": form}, status=429)
    if not form.is_valid():
        return _render(request, service, "parents/deletion.html", {**context, "form": form})
    consultation = _find(form)
    if consultation is None:
        return _render(request, service, "parents/deletion.html", {**context, "form": form, "not_found": True})
    reference = consultation.reference
    retention.erase_on_request(consultation)
    logger.info("Обращение %s обезличено по просьбе заявителя", reference)
    return _render(request, service, "parents/deletion.html", {**context, "deleted": reference})
