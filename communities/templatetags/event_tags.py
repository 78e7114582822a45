"""What other pages show of the calendar, without importing its models (DESIGN.md "Layout").

``{% upcoming_events %}`` on the home page, ``{% upcoming_events audience="parents" limit=5 %}``
on the parents' service pages: the next visible occurrences, never a draft's or a private
event's, with the way to the whole calendar.
"""

from urllib.parse import urlencode

from django import template
from django.utils import timezone

from ..models import EventIndexPage, EventOccurrence

register = template.Library()

MAX_LIMIT = 20


def upcoming_occurrences(audience=None, limit=3):
    """The next visible occurrences that still take place (cancelled ones are left out here:
    a short teaser has no room to explain them), for everyone or for one audience by slug."""
    try:
        limit = max(1, min(int(limit), MAX_LIMIT))
    except (TypeError, ValueError):
        limit = 3
    occurrences = (
        EventOccurrence.objects.visible()
        .upcoming(timezone.now())
        .filter(cancelled=False)
        .exclude(event__status="cancelled")
        .select_related("event", "event__community")
        .with_seats()
    )
    if audience:
        occurrences = occurrences.filter(event__audiences__slug=str(audience)[:100]).distinct()
    return list(occurrences[:limit])


@register.inclusion_tag("communities/components/upcoming_events.html", takes_context=True)
def upcoming_events(context, audience=None, limit=3):
    calendar = EventIndexPage.objects.live().public().first()
    calendar_url = ""
    if calendar is not None:
        calendar_url = calendar.get_url(context.get("request"))
        if audience:
            calendar_url += "?" + urlencode({"audience": audience})
    return {
        "request": context.get("request"),
        "occurrences": upcoming_occurrences(audience, limit),
        "calendar_url": calendar_url,
        "empty_text": "Ближайших мероприятий пока нет." if calendar else "Календарь мероприятий пока не опубликован.",
    }
