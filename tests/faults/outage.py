"""Pieces of the outage tests that Django must import by name: a URL configuration of views
that do not read the database themselves, and a middleware that watches what reaches it."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path


def remember_in_session(request):
    """Reads nothing from the database; the session middleware writes on the way out."""
    request.session["seen"] = True
    return HttpResponse("ok")


def query_a_missing_table(request):
    """A bug, not an outage: the database answers, the query is wrong."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM table_that_does_not_exist")
    return HttpResponse("unreachable")


urlpatterns = [
    path("session/", remember_in_session),
    path("missing-table/", query_a_missing_table),
]


class OuterProbeMiddleware:
    """Wraps the rest of the chain in try/except and notes what comes back."""

    seen: list = []

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except Exception as error:
            OuterProbeMiddleware.seen.append(error)
            raise
        OuterProbeMiddleware.seen.append(response.status_code)
        return response
