ACCESSIBILITY_COOKIE = "a11y"


def accessibility(request):
    """Whether the visitor chose the version for the visually impaired (remembered in a cookie)."""
    return {"accessibility_mode": request.COOKIES.get(ACCESSIBILITY_COOKIE) == "on"}
