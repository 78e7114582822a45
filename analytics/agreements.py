"""Partner suggestions for programme schools and the draft agreements started from them.

The engine (METHODOLOGY.md section 3, ``analytics.methodology.partner_suggestions``) ranks
strong schools for low-results schools. The programme needs more: every programme school,
whatever its category, is to have a partnership agreement (METHODOLOGY.md "Programme
monitoring"), so here the engine is fed the programme schools of a year as its low side. This
module loads the frames, calls the engine and turns its rows into ``Suggestion`` objects with
model instances; the views only show them and start drafts from them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pandas as pd

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from analytics.methodology import partner_suggestions
from analytics.models import (
    ComputationRun,
    CooperationDirection,
    Partnership,
    ProgrammeParticipation,
    SchoolYearResult,
)
from registry.models import School

ADD_PERMISSION = "analytics.add_partnership"
# A draft covers the school year it starts in, or the next one when less than this is left of it.
MIN_DRAFT_DAYS = 183
SCHOOL_YEAR_END = (8, 31)


@dataclass(frozen=True)
class Suggestion:
    """One ranked candidate partner for one programme school, as the viewer may see it."""

    low_school: School
    strong_school: School
    rank: int
    same_municipality: bool
    same_cluster: bool
    strong_quality_group: int | None
    strong_quality_index: float | None
    existing_draft: Partnership | None
    year: int
    category: str = ""
    strong_in_scope: bool = True

    @property
    def reasons(self) -> list[str]:
        """Why this school is offered, in the order the engine ranks by."""
        reasons = ["тот же муниципалитет" if self.same_municipality else "другой муниципалитет"]
        if self.same_cluster:
            reasons.append("сходный социальный контекст (тот же кластер)")
        if self.strong_quality_group is not None:
            reasons.append(f"группа {self.strong_quality_group} по качеству подготовки")
        return reasons


def results_year(run, year: int | None) -> int | None:
    """The run's year whose results rank the partners of the programme ``year``.

    The programme year may run ahead of the data (records of 2025 while the latest results are
    of 2024): then the latest results not after it are used.
    """
    years = sorted(int(y) for y in (run.years or []))
    if year is None:
        return years[-1] if years else None
    earlier = [y for y in years if y <= year]
    return earlier[-1] if earlier else None


def suggestions_for(scope, year: int | None = None, *, schools=None) -> list[Suggestion]:
    """Ranked partner candidates for the programme schools of ``year`` in ``scope`` that have
    no signed agreement (``Partnership.objects.active()``); ``year`` defaults to the latest
    year of the latest successful run.

    Every programme school is on the low side, not only the ШНОР: a ШФНСУ-only school is also
    required to have a partner by the programme's targets, and the engine's ranking (same
    municipality, then same cluster, then nearest quality index) serves it just as well.
    Programme schools of the year are never offered as partners to each other, even when their
    group is high (a resilient ШФНСУ school), since they are the ones being supported.
    A programme school without a quality index that year (too few participants) gets no
    suggestion: nearness by index cannot be measured for it.

    Candidates come from the whole region (a partner may be in another municipality); one
    outside the viewer's scope is marked ``strong_in_scope=False``: the pages do not name it and
    the start view does not pair with it (the region's analysts, who see both, do).
    ``schools`` narrows the low side further (the passport and the start view ask for one school).
    """
    run = ComputationRun.latest_success()
    if run is None:
        return []
    data_year = results_year(run, year)
    if data_year is None:
        return []
    year = data_year if year is None else year
    params = run.engine_parameters()

    programme = ProgrammeParticipation.objects.filter(year=year, role=ProgrammeParticipation.Role.PROGRAMME_SCHOOL)
    lows = scope.filter_schools(programme, prefix="school__")
    if schools is not None:
        lows = lows.filter(school__in=schools)
    lows = lows.exclude(school__partnerships_low__in=Partnership.objects.active())
    categories = dict(lows.values_list("school_id", "category"))
    if not categories:
        return []

    table = _results_table(run, data_year, list(categories), programme.values("school_id"), params)
    if table.empty:
        return []
    ranked = partner_suggestions(
        table.drop(columns=["school_id", "municipality"]),
        table[["school_code", "municipality"]].rename(columns={"school_code": "code"}),
        _partnerships_frame(),
        year=data_year,
        params=params,
    )
    return _as_suggestions(scope, ranked, year, categories)


def suggestion_for_pair(scope, low_school: School, strong_code: str, year: int | None = None) -> Suggestion | None:
    """The suggestion pairing ``low_school`` with the school ``strong_code``, if the engine makes it
    for the viewer; the start view trusts nothing else about a posted pair."""
    for suggestion in suggestions_for(scope, year, schools=[low_school]):
        if suggestion.strong_school.code == strong_code:
            return suggestion
    return None


def draft_end(start: datetime.date) -> datetime.date:
    """The end of the school year the draft starts in, or of the next one if little is left."""
    month, day = SCHOOL_YEAR_END
    end = datetime.date(start.year if (start.month, start.day) <= SCHOOL_YEAR_END else start.year + 1, month, day)
    if (end - start).days < MIN_DRAFT_DAYS:
        end = end.replace(year=end.year + 1)
    return end


def start_agreement(suggestion: Suggestion) -> tuple[Partnership, bool]:
    """The draft agreement of the suggested pair: the existing one, or a new draft from today with
    every direction of the standard form; ``(partnership, created)``."""
    with transaction.atomic():
        # Two clicks at once must not make two drafts: the supported school's row is the lock.
        School.objects.select_for_update().filter(pk=suggestion.low_school.pk).first()
        draft = _draft_between(suggestion.low_school, suggestion.strong_school)
        if draft is not None:
            return draft, False
        today = timezone.localdate()
        partnership = Partnership(
            low_school=suggestion.low_school,
            strong_school=suggestion.strong_school,
            status=Partnership.Status.DRAFT,
            start_date=today,
            end_date=draft_end(today),
        )
        partnership.full_clean()
        partnership.save()
        partnership.directions.set(CooperationDirection.objects.all())
    return partnership, True


def can_start(user, scope) -> bool:
    """Who may start a draft: a viewer of lists (region, municipality) allowed to add agreements.

    The component template repeats this test (``scope.can_list`` and the permission) because a
    template cannot call a function with arguments.
    """
    return scope.can_list and user.has_perm(ADD_PERMISSION)


# --- loading ---------------------------------------------------------------------------------


def _results_table(run, year, low_ids, programme_school_ids, params) -> pd.DataFrame:
    """The engine's input: the low side (flagged ``low_results``) and the possible partners only.

    Other schools do not change the engine's answer for a low school, so a large region is not
    loaded whole.
    """
    partners = Q(quality_group__gte=params.partner_min_group) & ~Q(school__in=programme_school_ids)
    rows = (
        SchoolYearResult.objects.filter(run=run, year=year)
        .filter(Q(school__in=low_ids) | partners)
        .values(
            "school_id", "school__code", "school__municipality_id", "year", "quality_group", "quality_index", "cluster"
        )
    )
    table = pd.DataFrame(
        list(rows),
        columns=[
            "school_id",
            "school__code",
            "school__municipality_id",
            "year",
            "quality_group",
            "quality_index",
            "cluster",
        ],
    ).rename(columns={"school__code": "school_code", "school__municipality_id": "municipality"})
    table["low_results"] = table["school_id"].isin(low_ids)
    # A low school without an index cannot be placed by nearness (see suggestions_for).
    table = table.loc[~(table["low_results"] & table["quality_index"].isna())]
    table["quality_group"] = table["quality_group"].astype("Int64")
    # The engine takes any row of a high enough group as a partner; a programme school's group
    # is blanked so that it is only ever on the supported side (see suggestions_for).
    table.loc[table["low_results"], "quality_group"] = pd.NA
    return table.reset_index(drop=True)


def _partnerships_frame() -> pd.DataFrame:
    """Every agreement of the region: a partner's capacity counts its agreements everywhere."""
    frame = pd.DataFrame(
        list(Partnership.objects.values_list("low_school__code", "strong_school__code", "status")),
        columns=["low_school_code", "strong_school_code", "status"],
    )
    frame["active"] = frame.pop("status") == Partnership.Status.SIGNED
    return frame


def _draft_between(low_school, strong_school) -> Partnership | None:
    return (
        Partnership.objects.filter(status=Partnership.Status.DRAFT, low_school=low_school, strong_school=strong_school)
        .order_by("-created_at", "-pk")
        .first()
    )


def _as_suggestions(scope, ranked: pd.DataFrame, year: int, categories: dict) -> list[Suggestion]:
    if ranked.empty:
        return []
    codes = set(ranked["low_school_code"]) | set(ranked["strong_school_code"])
    schools = School.objects.select_related("municipality").in_bulk(list(codes), field_name="code")
    drafts = {}
    for draft in Partnership.objects.filter(
        status=Partnership.Status.DRAFT, low_school_id__in=list(categories)
    ).order_by("created_at", "pk"):
        drafts[(draft.low_school_id, draft.strong_school_id)] = draft  # the newest wins
    labels = dict(ProgrammeParticipation.Category.choices)
    out = []
    for row in ranked.to_dict("records"):
        low = schools[row["low_school_code"]]
        strong = schools[row["strong_school_code"]]
        group = row["strong_quality_group"]
        index = row["strong_quality_index"]
        out.append(
            Suggestion(
                low_school=low,
                strong_school=strong,
                rank=int(row["rank"]),
                same_municipality=bool(row["same_municipality"]),
                same_cluster=bool(row["same_cluster"]),
                strong_quality_group=None if pd.isna(group) else int(group),
                strong_quality_index=None if pd.isna(index) else float(index),
                existing_draft=drafts.get((low.pk, strong.pk)),
                year=year,
                category=labels.get(categories.get(low.pk), ""),
                strong_in_scope=scope.can_view_school(strong),
            )
        )
    out.sort(key=lambda s: (s.low_school.municipality.name, s.low_school.code, s.rank))
    return out
