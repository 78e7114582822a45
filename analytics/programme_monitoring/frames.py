"""The programme's records as the engine's frames, narrowed to a viewer's scope.

A table with no rows at all in the database gives ``None``: nobody keeps those records on the
portal yet, so the target is "not measured" rather than 0%. A table that has rows, but none
for the viewer's schools, gives an empty frame: there the schools really fall short.
"""

from __future__ import annotations

import datetime

import pandas as pd

from django.db.models import Q
from django.utils import timezone

from analytics.methodology.programme_events import combine_events
from analytics.models import (
    GapResult,
    ImprovementProgramme,
    ImprovementProgrammeReport,
    MentoringPair,
    MunicipalProgramme,
    Partnership,
    ProfessionalDevelopment,
    ProgrammeEvent,
    ProgrammeParticipation,
    RiskProfile,
    SchoolYearResult,
)
from communities.queries import held_occurrences
from surveys import queries as survey_queries

TABLE_FIELDS = ["school__code", "year", "quality_index", "isbs", "low_results", "unfavourable", "quality_group"]
GAP_FIELDS = ["year", "assessment", "grade", "subject", "gap", "previous_gap", "gap_change_pct", "target_met"]


def _frame(queryset, fields: list[str], names: list[str]) -> pd.DataFrame:
    return pd.DataFrame(list(queryset.values_list(*fields)), columns=names)


def _kept(model) -> bool:
    return model.objects.exists()


def run_table(scope, run) -> pd.DataFrame:
    rows = scope.filter_schools(SchoolYearResult.objects.filter(run=run), "school__").order_by()
    table = _frame(rows, TABLE_FIELDS, ["school_code", *TABLE_FIELDS[1:]])
    for column in ("quality_index", "isbs"):
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
    table["quality_group"] = table["quality_group"].astype("Int64")
    return table


def schools(scope) -> pd.DataFrame:
    return _frame(scope.schools().order_by(), ["code", "municipality_id"], ["code", "municipality"])


def gap(run) -> pd.DataFrame | None:
    """The run's gap results: regional by nature, the same for every viewer."""
    rows = GapResult.objects.filter(run=run).order_by()
    if not rows.exists():
        return None
    frame = _frame(rows, GAP_FIELDS, GAP_FIELDS)
    frame["gap_change_pct"] = pd.to_numeric(frame["gap_change_pct"], errors="coerce").astype("float64")
    return frame


def participations(scope):
    return scope.filter_schools(
        ProgrammeParticipation.objects.filter(role=ProgrammeParticipation.Role.PROGRAMME_SCHOOL), "school__"
    )


def _years(frame: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    frame["start_year"] = frame.pop(start).map(lambda d: d.year)
    frame["end_year"] = frame.pop(end).map(lambda d: d.year if d else None).astype("float64")
    return frame


def in_scope_events(scope):
    """Hand records a viewer's figures count: regional ones, and those of their municipality."""
    events = ProgrammeEvent.objects.filter(date__lte=timezone.localdate())
    if scope.is_regional:
        return events
    return events.filter(
        Q(level=ProgrammeEvent.Level.REGIONAL)
        | Q(municipality_id=scope.municipality_id)
        | Q(municipality__isnull=True, host_school__municipality_id=scope.municipality_id)
    )


def calendar_level(event) -> str:
    """A calendar event names a municipality when it is that municipality's; otherwise it is on
    the regional calendar for the whole region, wherever it is hosted."""
    return ProgrammeEvent.Level.MUNICIPAL if event.municipality_id else ProgrammeEvent.Level.REGIONAL


def calendar_occurrences(scope):
    """Held occurrences of the calendar a viewer's figures count (``communities.queries``:
    the same set ``events_held`` totals), with the rule of ``in_scope_events``."""
    occurrences = held_occurrences()
    if scope.is_regional:
        return list(occurrences)
    return [o for o in occurrences if not o.event.municipality_id or o.event.municipality_id == scope.municipality_id]


def events(scope) -> pd.DataFrame | None:
    zone = timezone.get_default_timezone()
    records = None
    if _kept(ProgrammeEvent):
        records = pd.DataFrame(
            [
                {
                    "ref": event.pk,
                    "title": event.title,
                    "date": event.date,
                    "year": event.date.year,
                    "hours": float(event.hours),
                    "level": event.level,
                    "host_school_code": event.host_school.code if event.host_school_id else None,
                    "municipality": event.municipality_id
                    or (event.host_school.municipality_id if event.host_school_id else None),
                    "is_exchange": event.is_exchange,
                }
                for event in in_scope_events(scope).select_related("host_school")
            ],
            columns=[
                "ref",
                "title",
                "date",
                "year",
                "hours",
                "level",
                "host_school_code",
                "municipality",
                "is_exchange",
            ],
        )
    occurrences = calendar_occurrences(scope)
    calendar = None
    if occurrences:
        rows = []
        for occurrence in occurrences:
            event = occurrence.event
            day: datetime.date = occurrence.start.astimezone(zone).date()
            rows.append(
                {
                    "ref": occurrence.pk,
                    "title": event.title,
                    "date": day,
                    "year": day.year,
                    "hours": float(event.hours or 0),
                    "level": calendar_level(event),
                    "host_school_code": event.host_school.code if event.host_school_id else None,
                    "municipality": event.municipality_id
                    or (event.host_school.municipality_id if event.host_school_id else None),
                    "is_exchange": event.counts_as_experience_exchange,
                }
            )
        calendar = pd.DataFrame(rows)
    return combine_events(records, calendar)


def parent_satisfaction(scope) -> pd.DataFrame | None:
    """Parents' satisfaction per school and year from the surveys; ``None`` while no
    satisfaction survey has been run (the target is then not measured)."""
    if not survey_queries.satisfaction_campaigns().exists():
        return None
    codes = dict(scope.schools().order_by().values_list("pk", "code"))
    rows = [
        (codes[r.school_id], r.year, r.answered, r.satisfied, r.reportable)
        for r in survey_queries.satisfaction(school_ids=list(codes))
    ]
    return pd.DataFrame(rows, columns=["school_code", "year", "answered", "satisfied", "reportable"])


def records(scope) -> dict[str, pd.DataFrame | None]:
    """Every record frame of ``measure_programme`` for the scope, over all years."""
    programme = None
    recommendations = None
    if _kept(ProgrammeParticipation):
        rows = _frame(
            participations(scope).order_by(),
            ["school__code", "year", "tutor", "recommendations_on"],
            ["school_code", "year", "tutor", "recommendations_on"],
        )
        programme = rows[["school_code", "year", "tutor"]]
        recommendations = rows.loc[rows["recommendations_on"].notna(), ["school_code", "year"]]

    school_programmes = None
    if _kept(ImprovementProgramme):
        school_programmes = _years(
            _frame(
                scope.filter_schools(ImprovementProgramme.objects.order_by(), "school__"),
                ["school__code", "status", "start_date", "end_date"],
                ["school_code", "status", "start_date", "end_date"],
            ),
            "start_date",
            "end_date",
        )

    reports = None
    if _kept(ImprovementProgrammeReport):
        reports = _frame(
            scope.filter_schools(ImprovementProgrammeReport.objects.order_by(), "programme__school__"),
            ["programme__school__code", "year"],
            ["school_code", "year"],
        )

    partnerships = None
    if _kept(Partnership):
        partnerships = _years(
            _frame(
                scope.filter_schools(Partnership.objects.order_by(), "low_school__"),
                ["low_school__code", "strong_school__code", "status", "start_date", "end_date"],
                ["low_school_code", "strong_school_code", "status", "start_date", "end_date"],
            ),
            "start_date",
            "end_date",
        )

    courses = None
    if _kept(ProfessionalDevelopment):
        courses = _frame(
            scope.filter_schools(ProfessionalDevelopment.objects.order_by(), "school__"),
            ["school__code", "year", "person", "hours"],
            ["school_code", "year", "person", "hours"],
        )
        # One person entered twice with a stray space or another case is still one person.
        courses["person"] = courses["person"].map(lambda name: " ".join(str(name).split()).casefold())
        courses["hours"] = pd.to_numeric(courses["hours"]).astype("float64")

    mentoring = None
    if _kept(MentoringPair):
        mentoring = _years(
            _frame(
                scope.filter_schools(MentoringPair.objects.order_by(), "school__"),
                ["school__code", "start_date", "end_date"],
                ["school_code", "start_date", "end_date"],
            ),
            "start_date",
            "end_date",
        )

    risks = None
    if _kept(RiskProfile):
        risks = _frame(
            scope.filter_schools(RiskProfile.objects.order_by(), "school__").distinct(),
            ["school__code", "year"],
            ["school_code", "year"],
        ).drop_duplicates()

    municipal = None
    if _kept(MunicipalProgramme):
        places = MunicipalProgramme.objects.order_by()
        if not scope.is_regional:
            places = places.filter(municipality_id=scope.municipality_id)
        municipal = _frame(places, ["municipality_id", "year", "approved_on"], ["municipality", "year", "approved"])
        municipal["approved"] = municipal["approved"].notna()

    return {
        "programme_schools": programme,
        "recommendations": recommendations,
        "school_programmes": school_programmes,
        "programme_reports": reports,
        "partnerships": partnerships,
        "course_completions": courses,
        "mentoring": mentoring,
        "risk_profiles": risks,
        "municipal_programmes": municipal,
        "events": events(scope),
        "parent_satisfaction": parent_satisfaction(scope),
    }
