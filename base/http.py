"""Responses that carry a person's data, a form token or a personal link."""

from django.utils.cache import patch_cache_control


def keep_private(response):
    """Never kept by a proxy or the browser, never indexed, and the address (which may hold a
    personal token) not passed on to other sites as a referrer.

    "same-origin", not "no-referrer": under "no-referrer" browsers send ``Origin: null`` with
    the page's own form posts, and Django's CSRF check rightly refuses those.
    """
    patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response
