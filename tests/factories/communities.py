"""Communities, the calendar and its events, built through the page tree.

Events are published through a revision, as the admin does, so ``page_published`` makes
their occurrence rows; a test gets the rows with ``event.occurrences.all()``. Terms
(audiences, subjects) are named by slug, like the library's factories.
"""

import datetime
import itertools
import zoneinfo

from django.utils import timezone

from base.models import ConsentPage
from communities.models import (
    CommunityIndexPage,
    CommunityMaterial,
    CommunityMember,
    CommunityPage,
    EventIndexPage,
    EventMaterial,
    EventPage,
    EventSpeaker,
    Registration,
    SchoolMembership,
    SkippedDate,
)
from practices.models import Audience, Subject
from tests.factories import pages
from tests.factories.library import terms

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")

_numbers = itertools.count(1)


def _slug(prefix):
    return f"{prefix}-{next(_numbers)}"


def at(day, hour=15, minute=0, zone=MOSCOW):
    """An aware moment: ``day`` (a date, or days from today) at ``hour:minute`` in ``zone``."""
    if isinstance(zone, str):
        zone = zoneinfo.ZoneInfo(zone)
    if isinstance(day, int):
        day = timezone.localdate() + datetime.timedelta(days=day)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


def make_consent(parent, slug="consent-events", edition="1 от 01.09.2025"):
    """A published consent text (152-ФЗ) under ``parent``; the same one on a second call."""
    existing = ConsentPage.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    return pages.add_page(
        parent,
        ConsentPage,
        title="Согласие на обработку персональных данных участников мероприятий",
        slug=slug,
        edition=edition,
        text="<p>Я даю согласие на обработку моих персональных данных для регистрации на мероприятие.</p>",
    )


def make_calendar(home, consent=True, **fields):
    """/events/, the calendar, under ``home``; with a published consent text unless told otherwise."""
    existing = EventIndexPage.objects.first()
    if existing is not None:
        return existing
    fields.setdefault("title", "Мероприятия")
    fields.setdefault("slug", "events")
    fields.setdefault("show_in_menus", True)
    if consent:
        fields["consent_page"] = make_consent(home)
    page = pages.add_page(home, EventIndexPage, **fields)
    return EventIndexPage.objects.get(pk=page.pk)


def make_community_index(home, **fields):
    """/communities/ under ``home`` (one per site)."""
    existing = CommunityIndexPage.objects.first()
    if existing is not None:
        return existing
    fields.setdefault("title", "Профессиональные сообщества")
    fields.setdefault("slug", "communities")
    fields.setdefault("show_in_menus", True)
    page = pages.add_page(home, CommunityIndexPage, **fields)
    return CommunityIndexPage.objects.get(pk=page.pk)


def make_community(
    index,
    title="Методическое объединение учителей математики",
    *,
    kind=CommunityPage.Kind.MUNICIPAL_ASSOCIATION,
    subjects=(),
    schools=(),
    members=(),
    materials=(),
    publish_now=True,
    **fields,
):
    """A CommunityPage under ``index``.

    ``schools``: (school, teachers) pairs; ``members``: (full_name, school) pairs;
    ``materials``: library pages the community recommends.
    """
    fields.setdefault("slug", _slug("community"))
    fields.setdefault("description", "<p>Встречи раз в месяц, разбор трудных заданий, взаимопосещение уроков.</p>")
    fields.setdefault("coordinator_name", "Смирнова Анна Викторовна")
    fields.setdefault("coordinator_position", "учитель математики, СОШ № 1")
    page = pages.add_page(
        index,
        CommunityPage,
        publish_now=publish_now,
        title=title,
        kind=kind,
        subjects=terms(Subject, subjects),
        member_schools=[SchoolMembership(school=school, teachers=teachers) for school, teachers in schools],
        members=[CommunityMember(full_name=name, school=school) for name, school in members],
        materials=[CommunityMaterial(page=page) for page in materials],
        **fields,
    )
    return CommunityPage.objects.get(pk=page.pk)


def make_event(
    calendar,
    title="Семинар «Смысловое чтение на уроках математики»",
    *,
    start=None,
    end=None,
    audiences=(),
    subjects=(),
    skipped=(),
    speakers=(),
    documents=(),
    publish_now=True,
    user=None,
    **fields,
):
    """An EventPage under ``calendar``, published (so its occurrences exist) unless told.

    ``start`` defaults to a week from today at 15:00 Moscow time and ``end`` to two hours
    later; ``skipped``: dates of a series that do not take place; ``speakers``: names;
    ``documents``: Wagtail documents attached as the event's materials.
    """
    start = start or at(7)
    end = end or start + datetime.timedelta(hours=2)
    fields.setdefault("slug", _slug("event"))
    fields.setdefault("kind", EventPage.Kind.SEMINAR)
    fields.setdefault(
        "time_zone", str(start.tzinfo) if isinstance(start.tzinfo, zoneinfo.ZoneInfo) else "Europe/Moscow"
    )
    fields.setdefault("format", EventPage.Format.IN_PERSON)
    if fields["format"] != EventPage.Format.ONLINE:
        fields.setdefault("place", "г. Энск, ул. Просвещения, д. 12, ауд. 204")
    if fields["format"] != EventPage.Format.IN_PERSON:
        fields.setdefault("online_url", "https://webinar.example.ru/room/secret-room-42")
    fields.setdefault("description", "<p>Разберём приёмы работы с текстом задачи.</p>")
    page = pages.add_page(
        calendar,
        EventPage,
        publish_now=publish_now,
        user=user,
        title=title,
        start=start,
        end=end,
        audiences=terms(Audience, audiences),
        subjects=terms(Subject, subjects),
        skipped_dates=[SkippedDate(day=day) for day in skipped],
        speakers=[EventSpeaker(name=name) for name in speakers],
        materials=[EventMaterial(document=document) for document in documents],
        **fields,
    )
    return EventPage.objects.get(pk=page.pk)


def republish(event, **changes):
    """Change fields of a live event and publish the change, as an editor would."""
    for name, value in changes.items():
        if name == "skipped":
            event.skipped_dates = [SkippedDate(day=day) for day in value]
        else:
            setattr(event, name, value)
    pages.publish(event)
    return EventPage.objects.get(pk=event.pk)


def make_registration(occurrence, email="participant@example.ru", *, status=Registration.Status.CONFIRMED, **fields):
    """A registration made directly (not through the form), with consent to the calendar's text."""
    from base.consent import consent_record

    calendar = occurrence.event.get_parent().specific
    consent = calendar.consent_page or make_consent(calendar.get_parent())
    fields.setdefault("full_name", "Петрова Мария Ивановна")
    fields.setdefault("position", "учитель математики")
    fields.setdefault("organisation", "СОШ № 5")
    return Registration.objects.create(
        occurrence=occurrence, email=email, status=status, **consent_record(consent), **fields
    )


def restrict(page, password="secret-password"):  # noqa: S107 (a test fixture's password)
    """Put ``page`` (and everything under it) behind a password, as an editor's «Приватность»."""
    from wagtail.models import PageViewRestriction

    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=password
    )
