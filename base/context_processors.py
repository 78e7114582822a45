from functools import cached_property

from . import accessibility as a11y

# Kept for the code that imported the cookie's name from here before base.accessibility existed.
ACCESSIBILITY_COOKIE = a11y.COOKIE


class AccessibilityChoice:
    """The visitor's version for the visually impaired, as templates read it.

    The panel's links are built only when a template shows them: the context processor runs
    for every render, the Wagtail admin's included.
    """

    def __init__(self, request, choices=None):
        self.request = request
        self.choices = choices if choices is not None else a11y.parse(request.COOKIES.get(a11y.COOKIE))
        self.on = self.choices is not None
        self.html_class = a11y.html_classes(self.choices)

    @cached_property
    def back_to(self):
        # On the switch's own notice page the links lead back to where the visitor came from.
        match = self.request.resolver_match
        if match and match.url_name == "accessibility":
            return a11y.safe_next(self.request, self.request.GET.get("next"))
        return self.request.get_full_path()

    @cached_property
    def groups(self):
        return a11y.panel(self.choices, self.back_to)

    @cached_property
    def on_url(self):
        return a11y.switch_url(self.back_to, mode="on")

    @cached_property
    def off_url(self):
        return a11y.switch_url(self.back_to, mode="off")


def accessibility(request):
    """The version for the visually impaired chosen by the visitor (remembered in a cookie)."""
    choice = AccessibilityChoice(request)
    return {"accessibility": choice, "accessibility_mode": choice.on}
