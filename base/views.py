from django_ratelimit.decorators import ratelimit

from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, PasswordResetView
from django.core.validators import MaxLengthValidator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .cabinet import entries_for
from .context_processors import ACCESSIBILITY_COOKIE

ONE_YEAR = 365 * 24 * 60 * 60


@require_POST
def toggle_accessibility(request):
    """Switch the version for the visually impaired on or off and go back where the visitor was.

    A plain form post, so it works without JavaScript; the choice lives in a cookie for a
    year, so it is remembered across visits without an account.
    """
    target = request.POST.get("next", "/")
    # Only a path of this site (what the header's form sends): anything else goes home.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.POST.get("mode") == "on":
        response.set_cookie(ACCESSIBILITY_COOKIE, "on", max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure())
    else:
        response.delete_cookie(ACCESSIBILITY_COOKIE, samesite="Lax")
    return response


class SignInForm(AuthenticationForm):
    """Django's sign-in form with the username's length checked before anyone authenticates.

    Django's form only sets the input's ``maxlength``; a longer name typed by hand went on to
    authentication, where django-axes records the failure in a 255-character column: on
    PostgreSQL that was a server error instead of a message.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class SignInView(LoginView):
    authentication_form = SignInForm


# Each recovery request sends an e-mail: a few per address and per visitor an hour is plenty
# for a person and stops a script from flooding mailboxes through the portal.
RECOVERY_LIMITS = [("post:email", "3/h"), ("ip", "10/h")]
TOO_MANY_RECOVERIES = (
    "Слишком много запросов на восстановление пароля. Проверьте почту (и папку «Спам») или попробуйте снова через час."
)


@method_decorator(
    [ratelimit(key=key, rate=rate, method="POST", block=False) for key, rate in RECOVERY_LIMITS], name="post"
)
class PasswordRecoveryView(PasswordResetView):
    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, TOO_MANY_RECOVERIES)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


@login_required
def cabinet(request):
    """The signed-in person's work, by role (base.cabinet); the page names who is signed in."""
    response = render(request, "base/cabinet.html", {"sections": entries_for(request.user)})
    # Names and links of one person's work: never kept by a shared cache or the browser's.
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)
