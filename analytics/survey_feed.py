"""What the surveys give the analytics, and what the analytics give the surveys.

- A school's risk self-diagnosis writes its risk profile for the campaign's year, with the
  source and date, once each response is submitted: the passport and its recommended practices
  read the profile, whatever produced it.
- The campaigns that ask "programme schools" learn from the programme's participation records
  which schools those are.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from registry.models import Risk, School
from surveys import queries as survey_queries
from surveys.models import Survey

from .models import ProgrammeParticipation, RiskProfile


def programme_schools(year: int):
    """Programme schools of ``year``, or of the newest earlier year with records: a campaign
    planned before the new year's list is kept asks the schools supported now."""
    rows = ProgrammeParticipation.objects.filter(role=ProgrammeParticipation.Role.PROGRAMME_SCHOOL)
    latest = rows.filter(year__lte=year).order_by("-year").values_list("year", flat=True).first()
    if latest is None:
        return School.objects.none()
    return School.objects.filter(pk__in=rows.filter(year=latest).values("school_id"))


@transaction.atomic
def write_risk_profile(campaign, school) -> int:
    """The school's risk profile for the campaign's year from all its submitted self-diagnoses
    in the campaign; returns the number of risks written."""
    levels = survey_queries.risk_levels(campaign, school)
    risks = dict(Risk.objects.filter(code__in=levels).values_list("code", "pk"))
    today = timezone.localdate()
    for code, result in levels.items():
        if code not in risks:
            continue
        RiskProfile.objects.update_or_create(
            school=school,
            year=campaign.year,
            risk_id=risks[code],
            defaults={
                "level": result.level,
                "source": RiskProfile.Source.SELF_DIAGNOSIS,
                "assessed_on": today,
                "source_note": str(campaign)[:300],
            },
        )
    return len(set(levels) & set(risks))


def on_response_submitted(sender, response, **kwargs):
    campaign = response.campaign
    if campaign.survey.kind == Survey.Kind.RISK_SELF_DIAGNOSIS:
        write_risk_profile(campaign, response.school)
