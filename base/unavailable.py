"""When the database cannot be reached, every request gets the Russian 503 page.

Without this, an outage of the database (PostgreSQL stopped or restarting, the SQLite file gone
or unreadable) shows visitors Django's 500 page, "something went wrong, we were told", when the
honest answer is "temporarily unavailable, try again in a few minutes" with a ``Retry-After``
header that browsers, nginx and crawlers understand.

Django turns an exception into a response inside the middleware layer that raised it, so a
middleware further out never sees the exception itself, only a 500 response. Hence two paths:

- an error raised by a view (or while its template response renders) reaches
  ``process_exception``, which answers 503; the response then passes out through every
  middleware as any other (security headers, no session saved);
- an error raised by a middleware below this one (the session saved by ``SessionMiddleware``,
  Wagtail's redirects looked up for a 404) is turned into a 500 by Django; the receiver of
  ``got_request_exception`` notes on the request that the database was the cause, and
  ``__call__`` replaces that 500 by the 503.

Only a database that cannot be reached counts: an OperationalError or InterfaceError after
which the connection is gone or no longer answers. A query error on a working connection (on
SQLite "no such table" is an OperationalError too) stays a 500, a bug to fix, not an outage.

The page is a self-contained template rendered without a request, so no context processor
runs and nothing (Wagtail settings, the signed-in user, messages) touches the database.
The signal path relies on the synchronous handler (gunicorn's WSGI workers), where the receiver
runs in the request's thread while the exception is being handled.
"""

from __future__ import annotations

import logging
import sys

from django.core.signals import got_request_exception
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

TEMPLATE = "503.html"
# How long a browser or a crawler is asked to wait before trying again (seconds).
RETRY_AFTER_SECONDS = 120
# Where the receiver leaves the cause for the middleware.
_REQUEST_ATTRIBUTE = "_database_unavailable"


def database_unreachable(error: BaseException | None) -> bool:
    """Whether ``error`` means the database cannot be reached (rather than a bad query)."""
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    connection = connections[DEFAULT_DB_ALIAS]
    # A failed connect leaves no connection; a dropped one no longer answers a trivial query.
    return connection.connection is None or not connection.is_usable()


def unavailable_response(request, error: BaseException) -> HttpResponse:
    logger.error(
        "База данных недоступна, ответ 503 на %s %s: %s: %s",
        request.method,
        request.path,
        type(error).__name__,
        error,
    )
    response = HttpResponse(render_to_string(TEMPLATE), status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Neither nginx nor the page cache may keep the outage once the database is back.
    add_never_cache_headers(response)
    return response


@receiver(got_request_exception, dispatch_uid="base.unavailable.note_database_outage")
def note_database_outage(sender, request=None, **kwargs):
    """An exception Django is about to turn into a 500: remember it when it is an outage."""
    error = sys.exception()
    if request is not None and database_unreachable(error):
        setattr(request, _REQUEST_ATTRIBUTE, error)


class DatabaseUnavailableMiddleware:
    """Answers 503 with the Russian page when the database cannot be reached.

    Placed before the session and authentication middlewares, whose database errors it must
    see; the page cache above it still serves the pages it holds.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, _REQUEST_ATTRIBUTE, None)
        if error is not None and response.status_code == 500:
            return unavailable_response(request, error)
        return response

    def process_exception(self, request, exception):
        if database_unreachable(exception):
            return unavailable_response(request, exception)
        return None
