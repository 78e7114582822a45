"""The parents' consultation service: its page with a consent text, staff in its roles,
requests in any state, and the form data a parent posts."""

import datetime
import itertools

from django.utils import timezone

from base.consent import consent_record
from base.models import ConsentPage, SiteSettings
from base.roles import CONSULTANTS
from parents.choices import Format, Status
from parents.models import (
    ConsultantIndexPage,
    ConsultantPage,
    ConsultationRequest,
    ConsultationServicePage,
    ConsultationSlot,
    ConsultationTopic,
)
from parents.roles import SUPERVISORS
from tests.factories import pages
from tests.factories.users import user_in

_numbers = itertools.count(1)


def consent_text(edition="1 от 01.09.2025", publish=True):
    home = pages.home_page()
    existing = ConsentPage.objects.filter(slug="consent-consultations").first()
    if existing is not None:
        return existing
    return pages.add_page(
        home,
        ConsentPage,
        title="Согласие на обработку персональных данных (консультации)",
        slug="consent-consultations",
        edition=edition,
        text="<p>Я даю согласие институту на обработку моих данных для ответа на обращение.</p>",
        publish_now=publish,
    )


def service(with_consent=True, **fields):
    """/parents/: the service page (one per site), with a published consent text unless told."""
    existing = ConsultationServicePage.objects.first()
    if existing is not None:
        return existing
    fields.setdefault("notification_email", "consult@iro.example.ru")
    fields.setdefault("email", "parents@iro.example.ru")
    fields.setdefault("phone", "+7 (800) 555-01-24")
    page = pages.add_page(
        pages.home_page(),
        ConsultationServicePage,
        title="Родителям",
        slug="parents",
        show_in_menus=True,
        consent_page=consent_text() if with_consent else None,
        **fields,
    )
    site_settings = SiteSettings.for_site(page.get_site())
    site_settings.organisation_name = "Региональный институт развития образования"
    site_settings.email = "info@iro.example.ru"
    site_settings.phone = "+7 (800) 555-01-23"
    site_settings.save()
    return page


def consultant(username=None, **fields):
    return user_in(CONSULTANTS, username=username or f"consultant{next(_numbers)}", **fields)


def supervisor(username=None, **fields):
    return user_in(SUPERVISORS, username=username or f"supervisor{next(_numbers)}", **fields)


def topic(name="Трудности в обучении"):
    """One of the topics the migration seeds."""
    return ConsultationTopic.objects.get(name=name)


def consultation(*, status=Status.NEW, consultant=None, created_at=None, **fields):
    """A stored request, as the form would have stored it, in ``status``."""
    created_at = created_at or timezone.now()
    values = {
        "name": "Мария",
        "email": "maria@example.ru",
        "phone": "+79123456789",
        "child_grade": "5",
        "topic": topic(),
        "question": "Ребёнку трудно даётся математика, что делать?",
        "preferred_format": Format.WRITTEN,
        "created_at": created_at,
        **consent_record(consent_text()),
    }
    values.update(fields)
    request = ConsultationRequest.objects.create(**values)
    moments = {}
    if consultant is not None:
        request.consultant = consultant
        moments["assigned_at"] = created_at + datetime.timedelta(hours=1)
    if status in (Status.ANSWERED, Status.CLOSED):
        request.answer = request.answer or "Ответ консультанта."
        moments["answered_at"] = created_at + datetime.timedelta(days=2)
    if status == Status.CLOSED:
        moments["closed_at"] = created_at + datetime.timedelta(days=3)
    for name, value in moments.items():
        if name not in fields:
            setattr(request, name, value)
    request.status = status
    request.save()
    return request


def consultant_page(user=None, title="Наталья Воронина", slots=()):
    """A consultant's profile under /parents/consultants/, with ``slots`` as (start, format)."""
    parent = service()
    index = ConsultantIndexPage.objects.child_of(parent).first() or pages.add_page(
        parent, ConsultantIndexPage, title="Консультанты", slug="consultants"
    )
    page = ConsultantPage(
        title=title,
        slug=f"consultant-{next(_numbers)}",
        position="педагог-психолог",
        specialisation="трудности в обучении",
        user=user,
    )
    page.slots = [ConsultationSlot(starts_at=start, format=fmt) for start, fmt in slots]
    index.add_child(instance=page)
    pages.publish(page)
    return page


def form_data(**overrides):
    """What a parent's browser posts for a valid request (consent ticked)."""
    data = {
        "name": "Мария Петровна",
        "email": "maria@example.ru",
        "phone": "",
        "child_grade": "5",
        "municipality": "",
        "school": "",
        "topic": str(topic().pk),
        "question": "Сын в пятом классе перестал справляться с математикой. Как ему помочь?",
        "preferred_format": Format.WRITTEN,
        "preferred_time": "",
        "slot": "",
        "consent": "on",
        "homepage": "",
        "token": f"test-token-{next(_numbers):08d}-abcdef",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
