"""Letters to school leaders about a campaign of their school, and the upkeep of drafts.

Each open campaign with reminders on writes to the leaders of each target school three times
at most: when it opens, halfway through and three days before it closes; a stage is recorded
on the school's link, so running the schedule twice sends nothing twice. Letters go through the
portal's one mail queue (``base.mail``), which retries when the mail server is down.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

from base.mail import send_templated
from base.models import SiteSettings
from base.roles import SCHOOL_LEADERS

from .models import Campaign, CampaignSchool, Response

OPENED, HALFWAY, CLOSING = 1, 2, 3
CLOSING_DAYS = 3
STAGE_WORDS = {OPENED: "начался", HALFWAY: "идёт", CLOSING: "скоро закончится"}


def due_stage(campaign: Campaign, today: datetime.date) -> int:
    """The newest reminder a campaign calls for on ``today`` (0: none, it is not open)."""
    if campaign.state_on(today) != Campaign.State.OPEN:
        return 0
    if today >= campaign.closes_on - datetime.timedelta(days=CLOSING_DAYS):
        return CLOSING
    halfway = campaign.opens_on + (campaign.closes_on - campaign.opens_on) / 2
    return HALFWAY if today >= halfway else OPENED


def leaders_of(school) -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=SCHOOL_LEADERS, staff_profile__school=school)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_reminders(today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = {"sent": 0, "no_leader": 0}
    site = Site.objects.filter(is_default_site=True).first()
    organisation = (SiteSettings.for_site(site).organisation_name if site else "") or "Институт развития образования"
    campaigns = Campaign.objects.filter(reminders=True, opens_on__lte=today, closes_on__gte=today)
    for campaign in campaigns.select_related("survey"):
        stage = due_stage(campaign, today)
        for link_id in campaign.targets.filter(reminder_stage__lt=stage).values_list("pk", flat=True):
            counts["sent" if _remind(link_id, stage, organisation) else "no_leader"] += 1
    return counts


@transaction.atomic
def _remind(link_id: int, stage: int, organisation: str) -> bool:
    link = CampaignSchool.objects.select_for_update().select_related("campaign", "school").get(pk=link_id)
    if link.reminder_stage >= stage:
        return False  # another run took it
    link.reminder_stage = stage
    link.save(update_fields=["reminder_stage"])
    recipients = leaders_of(link.school)
    if not recipients:
        return False
    campaign = link.campaign
    context = {
        "campaign": campaign,
        "school": link.school,
        "stage_words": STAGE_WORDS[stage],
        "answered": Response.objects.filter(campaign=campaign, school=link.school, submitted_at__isnull=False).count(),
        "min_cell": settings.SURVEY_MIN_CELL,
        "survey_url": _absolute(reverse("surveys:start", args=[link.code])),
        "handout_url": _absolute(reverse("analytics:survey_handout", args=[campaign.pk, link.school.code])),
        "organisation_name": organisation,
    }
    send_templated(recipients, "surveys/email/reminder", context, purpose="survey-reminder")
    return True


def purge_drafts(today: datetime.date | None = None) -> int:
    """Delete unsent drafts of campaigns closed more than SURVEY_DRAFT_RETENTION_DAYS ago: they
    count nowhere, and answers nobody sent should not be kept."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.SURVEY_DRAFT_RETENTION_DAYS)
    deleted, _ = Response.objects.filter(submitted_at__isnull=True, campaign__closes_on__lt=cutoff).delete()
    return deleted
