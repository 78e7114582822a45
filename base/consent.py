"""The separate consent to personal-data processing that every public form asks for.

A form that collects personal data adds ``consent_field``; the record it makes stores
``consent_record(page)`` (fields of ``base.models.ConsentGiven``). Without a published
consent text a form must not collect anything: ``live_consent`` returns None and the page
says that the form is closed instead of showing it.
"""

from django import forms
from django.utils import timezone

from base.models import ConsentPage

CONSENT_REQUIRED = "Отметьте согласие на обработку персональных данных: без него мы не можем принять ваши данные."


def live_consent(page: ConsentPage | None) -> ConsentPage | None:
    """The consent text a form may rely on: chosen, published and visible to everybody."""
    if page is None:
        return None
    return ConsentPage.objects.live().public().filter(pk=page.pk).first()


def consent_field() -> forms.BooleanField:
    """An unticked box, required: agreeing is the person's own act, never a default."""
    return forms.BooleanField(
        label="Я даю согласие на обработку моих персональных данных",
        required=True,
        initial=False,
        error_messages={"required": CONSENT_REQUIRED},
    )


def consent_record(page: ConsentPage) -> dict:
    """Fields of ``ConsentGiven`` for a record made now with consent to ``page``'s text."""
    return {"consent_page": page, "consent_version": page.stamp(), "consented_at": timezone.now()}
