"""Registration for an occurrence of an event, without an account (routes of EventPage)."""

from django.http import Http404


def register(request, event, occurrence_id):
    raise Http404


def manage(request, event, token):
    raise Http404
