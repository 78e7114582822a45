from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .context_processors import ACCESSIBILITY_COOKIE

ONE_YEAR = 365 * 24 * 60 * 60


@require_POST
def toggle_accessibility(request):
    """Switch the version for the visually impaired on or off and go back where the visitor was.

    A plain form post, so it works without JavaScript; the choice lives in a cookie for a
    year, so it is remembered across visits without an account.
    """
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.POST.get("mode") == "on":
        response.set_cookie(ACCESSIBILITY_COOKIE, "on", max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure())
    else:
        response.delete_cookie(ACCESSIBILITY_COOKIE, samesite="Lax")
    return response


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)
