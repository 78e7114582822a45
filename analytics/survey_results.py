"""Survey results as the analytics pages show them, in a viewer's scope.

Every figure goes through ``surveys.scoring`` with the campaign's minimum cell size, so the
page, its export and the programme monitoring agree, and no figure from fewer answers than the
cell size leaves the server (only the count of answers does).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from registry.models import Risk, School
from surveys import queries as survey_queries
from surveys import scoring
from surveys.models import Campaign, DeficitArea, Survey

from .access import Level, Scope
from .survey_feed import programme_schools

FEW_ANSWERS = "мало ответов"
LEVEL_LABELS = {scoring.LOW: "низкий", scoring.MEDIUM: "средний", scoring.HIGH: "высокий"}


@dataclass
class SchoolRow:
    """One school of a campaign: its answers and what they say (blank when too few)."""

    school: School
    answered: int
    reportable: bool
    satisfaction: scoring.Satisfaction | None = None
    risks: dict[str, scoring.RiskResult] = field(default_factory=dict)
    deficits: dict[str, scoring.DeficitResult] = field(default_factory=dict)
    code: str = ""

    @property
    def satisfied_share(self) -> float | None:
        if not self.reportable or self.satisfaction is None:
            return None
        return self.satisfaction.share


@dataclass
class CampaignResults:
    campaign: Campaign
    definition: object
    min_cell: int
    rows: list[SchoolRow]
    summaries: list
    answered: int
    satisfaction: scoring.Satisfaction | None
    risk_names: dict[str, str]
    deficit_areas: dict[str, DeficitArea]
    deficits: dict[str, scoring.DeficitResult]
    risk_counts: dict[str, dict[str, int]]

    @property
    def reportable(self) -> bool:
        return scoring.reportable(self.answered, self.min_cell)

    @property
    def reportable_schools(self) -> int:
        return sum(1 for r in self.rows if r.reportable)

    @property
    def kind(self) -> str:
        return self.campaign.survey.kind


def _row(campaign, definition, min_cell, link, answer_sets) -> SchoolRow:
    row = SchoolRow(
        school=link.school,
        answered=len(answer_sets),
        reportable=scoring.reportable(len(answer_sets), min_cell),
        code=link.code,
    )
    if not row.reportable or definition is None:
        return row
    kind = campaign.survey.kind
    if kind == Survey.Kind.SATISFACTION:
        row.satisfaction = scoring.satisfaction(definition, answer_sets)
    elif kind == Survey.Kind.RISK_SELF_DIAGNOSIS:
        row.risks = scoring.risk_levels(definition, answer_sets)
    elif kind == Survey.Kind.TEACHER_DEFICITS:
        row.deficits = scoring.deficits(definition, answer_sets)
    return row


def campaign_results(scope, campaign: Campaign, municipality_id: int | None = None) -> CampaignResults:
    """The campaign's results over the schools of ``scope`` (narrowed to one municipality)."""
    links = scope.filter_schools(campaign.targets.select_related("school__municipality"), "school__")
    if municipality_id:
        links = links.filter(school__municipality_id=municipality_id)
    links = list(links.order_by("school__municipality__name", "school__code"))
    answers = survey_queries.answers_by_school(campaign, [link.school_id for link in links])
    definition = survey_queries.definition(campaign)
    min_cell = survey_queries.min_cell(campaign)
    rows = [_row(campaign, definition, min_cell, link, answers.get(link.school_id, [])) for link in links]
    pooled = [a for sets in answers.values() for a in sets]
    results = CampaignResults(
        campaign=campaign,
        definition=definition,
        min_cell=min_cell,
        rows=rows,
        summaries=scoring.summarise(definition, pooled, min_cell) if definition else [],
        answered=len(pooled),
        satisfaction=None,
        risk_names=dict(Risk.objects.values_list("code", "name")),
        deficit_areas={a.code: a for a in DeficitArea.objects.select_related("risk").prefetch_related("courses")},
        deficits={},
        risk_counts={},
    )
    if definition is None or not results.reportable:
        return results
    if campaign.survey.kind == Survey.Kind.SATISFACTION:
        results.satisfaction = scoring.satisfaction(definition, pooled)
    elif campaign.survey.kind == Survey.Kind.TEACHER_DEFICITS:
        results.deficits = scoring.deficits(definition, pooled)
    elif campaign.survey.kind == Survey.Kind.RISK_SELF_DIAGNOSIS:
        for row in rows:
            for code, result in row.risks.items():
                counts = results.risk_counts.setdefault(code, {scoring.LOW: 0, scoring.MEDIUM: 0, scoring.HIGH: 0})
                counts[result.level] += 1
    return results


def school_results(campaign: Campaign, link) -> CampaignResults:
    """One school's results (the caller has checked the school is in the viewer's scope)."""
    return campaign_results(Scope(Level.SCHOOL, school_id=link.school_id), campaign)


@dataclass
class SatisfactionRow:
    school: School
    answered: int
    satisfied: int
    share: float | None
    in_programme: bool
    target: float

    @property
    def meets(self) -> bool | None:
        return None if self.share is None else self.share >= self.target


@dataclass
class SatisfactionOverview:
    year: int
    years: list[int]
    rows: list[SatisfactionRow]
    target: float
    programme_only: bool

    @property
    def judged(self) -> list[SatisfactionRow]:
        return [r for r in self.rows if r.share is not None]

    @property
    def pooled_share(self) -> float | None:
        answered = sum(r.answered for r in self.judged)
        return sum(r.satisfied for r in self.judged) / answered if answered else None

    @property
    def meeting_target(self) -> int:
        return sum(1 for r in self.judged if r.meets)


def satisfaction_overview(scope, year: int | None, programme_only: bool, target: float) -> SatisfactionOverview | None:
    """Parents' satisfaction per school of the scope for a year: the programme's schools (with or
    without answers), or every school that has answers."""
    years = survey_queries.satisfaction_years()
    if not years:
        return None
    if year not in years:
        # The newest year with answers: a campaign that has just opened has nothing to show yet.
        answered = survey_queries.satisfaction_years(answered_only=True)
        year = answered[-1] if answered else years[-1]
    in_scope = scope.schools().select_related("municipality")
    programme = set(programme_schools(year).values_list("pk", flat=True))
    found = {r.school_id: r for r in survey_queries.satisfaction(list(in_scope.values_list("pk", flat=True)), year)}
    wanted = programme if programme_only else set(found) | programme
    rows = []
    for school in in_scope.filter(pk__in=wanted).order_by("municipality__name", "code"):
        result = found.get(school.pk)
        rows.append(
            SatisfactionRow(
                school=school,
                answered=result.answered if result else 0,
                satisfied=result.satisfied if result and result.reportable else 0,
                share=result.share if result else None,
                in_programme=school.pk in programme,
                target=target,
            )
        )
    return SatisfactionOverview(year, years, rows, target, programme_only)
