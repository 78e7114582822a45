from django_ratelimit.decorators import ratelimit

from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, PasswordResetView
from django.core.validators import MaxLengthValidator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe

from . import accessibility
from .cabinet import entries_for
from .context_processors import AccessibilityChoice


@require_safe
def toggle_accessibility(request):
    """Apply a choice of the version for the visually impaired and go back where the visitor was.

    Plain links (GET), so it works without JavaScript and public pages carry no form and no
    CSRF cookie; it changes only how the site looks for this browser, nothing a forged link
    could misuse. The choice lives in a cookie for a year.
    """
    target = accessibility.safe_next(request, request.GET.get("next"))
    current = accessibility.parse(request.COOKIES.get(accessibility.COOKIE))
    choices, rejected = accessibility.apply(current, request.GET)
    if rejected:
        # What was understood is applied; the visitor learns the rest was not, and goes back by a link.
        # The page already shows the new choice, which the request's own cookie does not hold yet.
        context = {"back_to": target, "accessibility": AccessibilityChoice(request, choices)}
        response = render(request, "base/accessibility_notice.html", context, status=400)
    else:
        response = HttpResponseRedirect(target)
    if choices is None:
        response.delete_cookie(accessibility.COOKIE, samesite="Lax")
    else:
        response.set_cookie(
            accessibility.COOKIE,
            accessibility.serialize(choices),
            max_age=accessibility.ONE_YEAR,
            samesite="Lax",
            secure=request.is_secure(),
        )
    # A response that sets a visitor's cookie is never kept by a shared cache.
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
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
