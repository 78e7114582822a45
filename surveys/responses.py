"""The rules of answering: one response per browser and campaign, saved section by section,
submitted once.

The browser is known by a random token in a signed cookie; the database keeps only its
SHA-256 (``Response.respondent_key``), so a stored response leads to no browser and no person.
A cleared cookie makes a new respondent: nothing anonymous can prevent that, and the rate
limit of the views keeps a script from making many.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from .definition import Definition, Question
from .models import CampaignSchool, Response
from .signals import response_submitted
from .targets import pin_version

SALT = "surveys.respondent"
COOKIE_PATH = "/surveys/"
# The cookie outlives the campaign by a year, long enough to say "already answered" if the
# link is opened again, and no longer.
COOKIE_DAYS_AFTER_CLOSE = 365


class AlreadySubmitted(Exception):
    """This browser has sent its answers for the campaign."""


@dataclass(frozen=True)
class Incomplete(Exception):
    """Required questions without an answer: ``(section number, question)`` pairs."""

    missing: list[tuple[int, Question]]


def cookie_name(campaign) -> str:
    return f"survey-{campaign.pk}"


def token_of(request, campaign) -> str | None:
    """The browser's token for the campaign, or None (absent, altered or malformed)."""
    try:
        token = request.get_signed_cookie(cookie_name(campaign), default=None, salt=SALT)
    except signing.BadSignature:
        return None
    return token if isinstance(token, str) and 20 <= len(token) <= 64 else None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def key_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def remember(http_response, campaign, token: str) -> None:
    closes = campaign.closes_on - timezone.localdate()
    http_response.set_signed_cookie(
        cookie_name(campaign),
        token,
        salt=SALT,
        max_age=max(closes.days, 0) * 86400 + COOKIE_DAYS_AFTER_CLOSE * 86400,
        path=COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def find(campaign, token: str | None) -> Response | None:
    if not token:
        return None
    return Response.objects.filter(campaign=campaign, respondent_key=key_of(token)).first()


def _locked(link: CampaignSchool, token: str, *, create: bool) -> Response | None:
    response = Response.objects.select_for_update().filter(campaign=link.campaign, respondent_key=key_of(token)).first()
    if response is None and create:
        _ensure_version(link.campaign)
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    campaign=link.campaign,
                    school=link.school,
                    version=link.campaign.version,
                    respondent_key=key_of(token),
                )
        except IntegrityError:
            # The same browser in two tabs: the other tab's row is the one.
            response = Response.objects.select_for_update().get(campaign=link.campaign, respondent_key=key_of(token))
    return response


@transaction.atomic
def save_section(link: CampaignSchool, token: str, number: int, answers: dict, *, reached: int) -> Response:
    """Store one section's answers (``None`` removes an answer); ``reached`` is the section the
    respondent goes to next, so a return resumes there."""
    response = _locked(link, token, create=True)
    if response.submitted_at is not None:
        raise AlreadySubmitted
    # A draft follows the link in use: whoever opened another school's link first and then
    # their own answers about their own school.
    response.school = link.school
    for key, value in answers.items():
        if value is None:
            response.answers.pop(key, None)
        else:
            response.answers[key] = value
    response.section = reached
    response.save()
    return response


@transaction.atomic
def submit(link: CampaignSchool, token: str) -> Response:
    """Send the answers: every required question answered, then the response counts."""
    response = _locked(link, token, create=False)
    if response is None:
        raise Incomplete(definition(link).missing_required({}))
    if response.submitted_at is not None:
        raise AlreadySubmitted
    missing = response.version.parsed().missing_required(response.answers)
    if missing:
        raise Incomplete(missing)
    response.submitted_at = timezone.now()
    response.save(update_fields=["submitted_at", "updated_at"])
    transaction.on_commit(lambda: response_submitted.send(Response, response=response))
    return response


def _ensure_version(campaign) -> None:
    # Edits reach unanswered campaigns when the survey is saved (surveys.signals); here only a
    # campaign made without the admin may still lack its version.
    if not campaign.version_id:
        pin_version(campaign)


def definition(link: CampaignSchool) -> Definition:
    """The questions a new respondent of the campaign is given."""
    _ensure_version(link.campaign)
    return link.campaign.version.parsed()
