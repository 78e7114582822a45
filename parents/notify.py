"""The letters of the service, all through ``base.mail`` (stored, queued, retried).

Letters to the service's own address and to consultants carry the reference number, the
topic and a link to the admin, never the parent's name, contacts or question: a mailbox is
read on phones and forwarded, the admin is where personal data is shown, to whom it is for.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

from base.mail import send_templated
from base.models import SiteSettings

from .choices import FORMAT_SHORT, Format


def _site_settings() -> SiteSettings | None:
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else None


def _service():
    from .models import ConsultationServicePage

    return ConsultationServicePage.objects.live().first()


def admin_url(request) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("parents_requests:inspect", args=[request.pk])


def service_contacts(service, site_settings) -> dict:
    return {
        "phone": (service.phone if service else "") or (site_settings.phone if site_settings else ""),
        "email": (service.email if service else "") or (site_settings.email if site_settings else ""),
    }


def _common(request, service=None) -> dict:
    service = service or _service()
    site_settings = _site_settings()
    full_url = service.get_full_url() if service else ""
    return {
        "consultation": request,
        "reference": request.reference,
        "topic": request.topic.name,
        "format": FORMAT_SHORT[Format(request.preferred_format)],
        "due_date": request.due_date,
        "organisation_name": site_settings.organisation_name if site_settings else "",
        "contacts": service_contacts(service, site_settings),
        "status_url": f"{full_url}status/" if full_url else "",
        "delete_url": f"{full_url}delete/" if full_url else "",
        "service": service,
        "site_settings": site_settings,
    }


def _reply_to(context) -> list[str]:
    return [context["contacts"]["email"]] if context["contacts"]["email"] else []


def received(request, service) -> None:
    """To the parent, if they left an e-mail: the number, the deadline, how to follow it."""
    context = _common(request, service)
    if request.email:
        send_templated(
            request.email,
            "parents/email/received",
            context,
            purpose="parents.received",
            reply_to=_reply_to(context),
        )
    site_settings = context["site_settings"]
    address = service.notification_address(site_settings) if site_settings else service.notification_email
    if address:
        send_templated(
            address,
            "parents/email/new_request",
            {**context, "admin_url": admin_url(request)},
            purpose="parents.new_request",
        )


def assigned(request, consultant, by) -> None:
    if consultant.email:
        context = _common(request)
        send_templated(
            consultant.email,
            "parents/email/assigned",
            {**context, "admin_url": admin_url(request), "by": by.get_full_name() or by.get_username()},
            purpose="parents.assigned",
        )


def reply(request, consultant) -> bool:
    """The consultant's answer to the parent; False when there is no e-mail to send it to."""
    if not request.email:
        return False
    context = _common(request)
    send_templated(
        request.email,
        "parents/email/reply",
        {**context, "answer": request.answer, "consultant_name": consultant.get_full_name()},
        purpose="parents.reply",
        reply_to=_reply_to(context),
    )
    return True


def deleted(reference: str, email: str) -> None:
    """Confirmation of a parent's deletion request, written before the address is erased."""
    service = _service()
    site_settings = _site_settings()
    send_templated(
        email,
        "parents/email/deleted",
        {
            "reference": reference,
            "when": timezone.localtime(),
            "organisation_name": site_settings.organisation_name if site_settings else "",
            "contacts": service_contacts(service, site_settings),
        },
        purpose="parents.deleted",
    )
