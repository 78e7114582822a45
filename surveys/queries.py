"""Narrow questions the analytics app asks of the surveys (results pages, programme monitoring,
risk profiles). Callers narrow by school ids themselves (their access scope); only submitted
responses count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from . import scoring
from .definition import Definition
from .models import Campaign, Response, Survey


def min_cell(campaign: Campaign) -> int:
    """The minimum cell size of the campaign's figures. A self-diagnosis is the school's own
    statement, filled in by its leaders for the school, not a person's opinion to protect, so
    it is shown whatever the number of its authors."""
    if campaign.audience == Campaign.Audience.SCHOOL_LEADERS:
        return 1
    return settings.SURVEY_MIN_CELL


def submitted(campaign: Campaign, school_ids=None):
    responses = Response.objects.filter(campaign=campaign, submitted_at__isnull=False)
    if school_ids is not None:
        responses = responses.filter(school_id__in=school_ids)
    return responses


def answers_by_school(campaign: Campaign, school_ids=None) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = defaultdict(list)
    for school_id, answers in (
        submitted(campaign, school_ids).order_by("submitted_at").values_list("school_id", "answers")
    ):
        grouped[school_id].append(answers)
    return dict(grouped)


def definition(campaign: Campaign) -> Definition | None:
    return campaign.version.parsed() if campaign.version_id else None


def risk_levels(campaign: Campaign, school) -> dict[str, scoring.RiskResult]:
    parsed = definition(campaign)
    if parsed is None:
        return {}
    return scoring.risk_levels(parsed, answers_by_school(campaign, [school.pk]).get(school.pk, []))


def satisfaction_campaigns(year: int | None = None):
    campaigns = Campaign.objects.filter(
        survey__kind=Survey.Kind.SATISFACTION, audience=Campaign.Audience.PARENTS, version__isnull=False
    ).select_related("version")
    return campaigns.filter(year=year) if year is not None else campaigns


@dataclass(frozen=True)
class SchoolSatisfaction:
    school_id: int
    year: int
    answered: int
    satisfied: int
    reportable: bool

    @property
    def share(self) -> float | None:
        return self.satisfied / self.answered if self.reportable and self.answered else None


def satisfaction(school_ids=None, year: int | None = None) -> list[SchoolSatisfaction]:
    """Parents' satisfaction per school and year, over every satisfaction campaign of the year
    (each respondent once); ``reportable`` is the minimum cell size rule."""
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for campaign in satisfaction_campaigns(year):
        parsed = definition(campaign)
        for school_id, answer_sets in answers_by_school(campaign, school_ids).items():
            result = scoring.satisfaction(parsed, answer_sets)
            if result is None:
                continue
            cell = counts[(school_id, campaign.year)]
            cell[0] += result.answered
            cell[1] += result.satisfied
    return [
        SchoolSatisfaction(
            school_id, year_, answered, satisfied, scoring.reportable(answered, settings.SURVEY_MIN_CELL)
        )
        for (school_id, year_), (answered, satisfied) in sorted(
            counts.items(), key=lambda item: (item[0][1], item[0][0])
        )
    ]


def satisfaction_years(answered_only: bool = False) -> list[int]:
    campaigns = satisfaction_campaigns()
    if answered_only:
        campaigns = campaigns.filter(responses__submitted_at__isnull=False)
    return sorted(set(campaigns.values_list("year", flat=True)))


def campaigns_for(school_ids=None):
    """Campaigns that ask any of the schools (all of them when ``school_ids`` is None)."""
    campaigns = Campaign.objects.select_related("survey", "version")
    if school_ids is not None:
        campaigns = campaigns.filter(targets__school_id__in=school_ids).distinct()
    return campaigns.order_by("-opens_on", "title")
