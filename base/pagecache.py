"""The cache of public pages as an anonymous visitor sees them.

A page is kept whole (status, headers, body) under its address and served without touching the
database until something it shows changes. Each kept page records the *generations* of what it
depends on: every page depends on the page tree ("pages"), and a page may declare more (an event
page shows the seats left, so it depends on "registrations"). Publishing, unpublishing, moving
or deleting a page, or a change to a snippet, a setting, an image or a document, bumps "pages";
a registration bumps only "registrations". A kept page whose generations are no longer current
is never served, so nothing needs to be found and deleted: stale copies age out.

Only what is the same for every anonymous visitor is kept. A request with a session, a
visually-impaired choice, a message or any cookie but the CSRF one goes past the cache; so does
a response that sets a cookie, renders a form token, says private or no-store, is not a 200,
or comes from a path of staff, analytics, accounts, surveys or files.

The generations live in the same cache as the pages: with several server processes that must be
a shared cache (Redis), which is why PAGE_CACHE_SECONDS defaults to 0 without REDIS_URL.
"""

import hashlib
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

PAGES = "pages"
# The only cookie a visitor may carry and still share the cached page: Django's CSRF secret,
# which pages kept here never use (a page that renders a form token is not kept).
SHARED_COOKIES = frozenset({settings.CSRF_COOKIE_NAME})
NOT_KEPT_CACHE_CONTROL = ("private", "no-store", "no-cache")
HEADER = "X-Page-Cache"

# The generations of what the page being rendered depends on, each read when first declared.
_dependencies: ContextVar[dict | None] = ContextVar("page_cache_dependencies", default=None)


def depends_on(tag: str) -> None:
    """The page being rendered shows something that changes with ``tag``: called before that
    something is read, so a change made meanwhile leaves the kept copy out of date, never stale
    yet current (outside a page render, nothing happens)."""
    generations = _dependencies.get()
    if generations is not None and tag not in generations:
        generations |= _generations([tag])


def invalidate(tag: str = PAGES) -> None:
    """Every kept page that depends on ``tag`` stops being served."""
    key = _generation_key(tag)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def _generation_key(tag: str) -> str:
    return f"pagecache:generation:{tag}"


def _generations(tags) -> dict[str, int]:
    stored = cache.get_many([_generation_key(tag) for tag in tags])
    return {tag: stored.get(_generation_key(tag), 0) for tag in tags}


def _entry_key(request) -> str:
    address = f"{request.get_host()}{request.get_full_path()}"
    return "pagecache:page:" + hashlib.sha256(address.encode()).hexdigest()


def _request_may_share(request) -> bool:
    if not settings.PAGE_CACHE_SECONDS or request.method != "GET":
        return False
    if any(name not in SHARED_COOKIES for name in request.COOKIES):
        return False
    return not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS))


def _response_may_be_kept(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A rendered form token belongs to one visitor's CSRF secret.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(directive in cache_control for directive in NOT_KEPT_CACHE_CONTROL):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated) and not getattr(request, "is_preview", False)


class PublicPageCacheMiddleware:
    """Serves and keeps anonymous visitors' public pages (placed right after WhiteNoise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_may_share(request):
            return self.get_response(request)
        key = _entry_key(request)
        kept = cache.get(key)
        if kept is not None and _generations(kept["generations"]) == kept["generations"]:
            return _response_from(kept)

        generations = _generations([PAGES])
        token = _dependencies.set(generations)
        try:
            response = self.get_response(request)
        finally:
            _dependencies.reset(token)
        if _response_may_be_kept(request, response):
            cache.set(key, _entry_from(response, generations), settings.PAGE_CACHE_SECONDS)
            response[HEADER] = "miss"
        return response


def _entry_from(response, generations) -> dict:
    return {
        "status": response.status_code,
        "headers": dict(response.items()),
        "content": response.content,
        "generations": generations,
    }


def _response_from(kept) -> HttpResponse:
    response = HttpResponse(kept["content"], status=kept["status"])
    for name, value in kept["headers"].items():
        response[name] = value
    response[HEADER] = "hit"
    return response


def follow(*models, tag=PAGES) -> None:
    """Saving or deleting a row of any of ``models`` invalidates the pages that depend on ``tag``,
    a name or a function of the row giving one (an app names what of its own its pages show)."""
    from django.db.models.signals import post_delete, post_save

    def changed(sender, instance, **kwargs):
        invalidate(tag(instance) if callable(tag) else tag)

    for model in models:
        uid = f"pagecache_{getattr(tag, '__name__', tag)}_{model._meta.label}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid + "_saved")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + "_deleted")


def _pages_changed(sender, **kwargs):
    invalidate(PAGES)


def connect():
    """The page tree by Wagtail's signals (a draft's save changes nothing public), and what every
    page shows besides pages: settings, images, documents, view restrictions, sites."""
    from django.db.models.signals import post_delete

    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_pages_changed, dispatch_uid="pagecache_published")
    page_unpublished.connect(_pages_changed, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(_pages_changed, dispatch_uid="pagecache_moved")
    post_delete.connect(_pages_changed, sender=Page, dispatch_uid="pagecache_page_deleted")
    follow(*settings_registry, get_image_model(), get_document_model(), PageViewRestriction, Site)
