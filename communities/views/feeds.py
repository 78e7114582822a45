"""``<page path>/feed.ics``: the iCalendar feeds at addresses that end in .ics.

Calendar applications (and people) expect a feed's address to end in ``.ics``, but Wagtail's
page URLs cannot contain a dot. This view takes such an address and lets Wagtail serve the
page's ``feed/`` route, so the site, live-ness and view restrictions are checked exactly as for
any page: a feed of a private or draft page is refused like the page itself.
"""

from django.http import Http404

from wagtail import views as wagtail_views

from ..ical import CONTENT_TYPE


def ics_feed(request, page_path=""):
    response = wagtail_views.serve(request, f"{page_path}feed/")
    # Only a page whose feed/ route writes a calendar answers (not a page that happens to have
    # a child called "feed"); a refusal (login, password form) passes through unchanged.
    if response.status_code == 200 and response.get("Content-Type") != CONTENT_TYPE:
        raise Http404
    return response
