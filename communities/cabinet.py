"""What the calendar offers the methodologists who run events, in «Мой кабинет»."""

from django.urls import reverse
from django.utils import timezone

from base.cabinet import Entry

from .models import EventIndexPage, EventOccurrence

SECTION = "Мероприятия"


def event_entries(user) -> list[Entry]:
    if not user.has_perm("communities.view_registration"):
        return []
    upcoming = EventOccurrence.objects.filter(end__gte=timezone.now(), cancelled=False).count()
    entries = [
        Entry(
            SECTION,
            "Регистрации и посещаемость",
            reverse("event_registrations:index"),
            f"Списки участников, выгрузка, отметка посещения. Предстоящих занятий: {upcoming}.",
            40,
        )
    ]
    for calendar in EventIndexPage.objects.live():
        entries.append(
            Entry(
                SECTION,
                calendar.title,
                reverse("wagtailadmin_explore", args=[calendar.pk]),
                "Новые мероприятия, перенос и отмена, материалы и записи после события.",
                41,
            )
        )
    return entries
