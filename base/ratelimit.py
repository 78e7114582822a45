"""A rate-limit check for forms that store something: counted only when a post is kept.

django-ratelimit's own test (count > limit) suits a check that counts itself on every post; a
check made before storing, which must not count the posts it refuses, stops at the limit.
"""

from django_ratelimit.core import get_usage


def over_limit(request, group: str, key, rate: str, increment: bool = False) -> bool:
    """Whether the next post would be over ``rate``; counted only when ``increment``.

    A cache that does not answer (Redis down) fails open: the form degrades to no limit, never
    refuses everyone.
    """
    usage = get_usage(request, group=group, key=key, rate=rate, method="POST", increment=increment)
    if usage is None or usage["time_left"] == -1:
        return False
    return usage["count"] > usage["limit"] if increment else usage["count"] >= usage["limit"]
