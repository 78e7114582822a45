"""``{% registration_box event occurrence %}``: what a visitor may do about one date of an event.

The event page, the calendar and the home page show it beside each occurrence: seats left,
the waiting list when full, until when registration is open, or why it is closed, and the way
to the form. The rules are ``communities.registration.availability``, the same ones the form
applies, so the box never offers what the form would refuse.
"""

from django import template

from communities import registration as service

register = template.Library()


def _consent(context, event):
    """The calendar's consent text, looked up once per calendar in a page that lists many dates."""
    cache = context.render_context.setdefault("registration_consent", {})
    parent_id = event.get_parent().pk if event.depth else None
    if parent_id not in cache:
        cache[parent_id] = service.calendar_consent(event)
    return cache[parent_id]


@register.inclusion_tag("communities/components/registration_box.html", takes_context=True)
def registration_box(context, event, occurrence):
    if occurrence is None or event is None or occurrence.event_id != event.pk:
        return {"show": False}
    occurrence.event = event
    state = service.availability(occurrence)
    consent = _consent(context, event) if state.is_open else None
    return {
        "show": True,
        "event": event,
        "occurrence": occurrence,
        "state": state,
        "consent_ok": consent is not None,
        "when": service.describe_time(occurrence),
        "deadline_text": service.describe_moment(state.deadline) if state.deadline else "",
        "register_url": service.register_url(event, occurrence),
    }


@register.filter
def ru_plural(number, forms):
    """``{{ n|ru_plural:"место,места,мест" }}``: the Russian form that goes with ``n``."""
    one, few, many = forms.split(",")
    number = abs(int(number))
    if number % 10 == 1 and number % 100 != 11:
        return one
    if number % 10 in (2, 3, 4) and number % 100 not in (12, 13, 14):
        return few
    return many
