"""The demo region for ``load_demo``: the engine's synthetic generator written into the
registry, with risk profiles and programme records, then computed.

Idempotent: rows are upserted by their natural keys, programme records are looked up before
they are created, and a computation is stored only when no successful run exists for the same
input fingerprint, parameters and engine version.

Scoped demo accounts: ``municipal`` sees the first municipality by name (alphabetically),
``school`` the first school (by code) of that municipality.
"""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd

from django.contrib.auth import get_user_model
from django.db.models import Q

from analytics.computation import run_computation
from analytics.importing import write_frame
from analytics.methodology import generate_region, partner_suggestions
from analytics.models import (
    ComputationRun,
    ImprovementProgramme,
    Partnership,
    ProfessionalDevelopment,
    ProgrammeEvent,
    ProgrammeParticipation,
    RiskProfile,
    SchoolYearResult,
)
from registry.models import Municipality, Risk, School, StaffProfile
from registry.risks import seed_federal_risks

SEED = 20250901
YEARS = (2021, 2022, 2023, 2024, 2025)
PROGRAMME_SCHOOLS = 30


def load_region(stdout=None):
    schools, results, context = generate_region(n_schools=300, n_municipalities=12, years=YEARS, seed=SEED)
    write_frame("schools", schools, new_municipalities=sorted(schools["municipality"].unique()))
    write_frame("results", results)
    write_frame("context", context)
    return schools


def _programme(run: ComputationRun, schools: pd.DataFrame) -> None:
    year = max(run.years)
    rng = np.random.default_rng(SEED)
    identified = list(
        SchoolYearResult.objects.filter(run=run, year=year)
        .filter(Q(low_results=True) | Q(unfavourable=True))
        .select_related("school")
        .order_by("school__code")[:PROGRAMME_SCHOOLS]
    )
    if not identified:
        return
    table = pd.DataFrame(
        SchoolYearResult.objects.filter(run=run, year=year).values(
            "school__code", "year", "quality_index", "quality_group", "low_results", "cluster"
        )
    ).rename(columns={"school__code": "school_code"})
    table["quality_group"] = table["quality_group"].astype("Int64")
    suggestions = partner_suggestions(table, schools, None, year=year, limit=15)
    schools_by_code = {s.code: s for s in School.objects.all()}
    seed_federal_risks(Risk)  # a flushed test database has lost the migration's rows
    risks = list(Risk.objects.order_by("order"))
    active = {}
    for number, row in enumerate(identified):
        school = row.school
        category = (
            ProgrammeParticipation.Category.BOTH
            if row.low_results and row.unfavourable
            else ProgrammeParticipation.Category.LOW_RESULTS
            if row.low_results
            else ProgrammeParticipation.Category.UNFAVOURABLE
        )
        # Most schools meet every target; a few lag, so monitoring has something to show.
        ProgrammeParticipation.objects.get_or_create(
            school=school,
            year=year,
            role=ProgrammeParticipation.Role.PROGRAMME_SCHOOL,
            defaults={
                "category": category,
                "recommendations_on": None if number % 9 == 4 else datetime.date(year, 2, 15),
            },
        )
        approved = number % 7 != 3
        ImprovementProgramme.objects.get_or_create(
            school=school,
            kind=ImprovementProgramme.Kind.QUALITY,
            start_date=datetime.date(year, 1, 1),
            defaults={
                "end_date": datetime.date(year + 1, 12, 31),
                "status": ImprovementProgramme.Status.APPROVED if approved else ImprovementProgramme.Status.SUBMITTED,
                "approved_on": datetime.date(year, 3, 1) if approved else None,
            },
        )
        for k, risk in enumerate(risks):
            level = ["low", "medium", "high"][int(rng.integers(0, 3))]
            if (k + number) % 3 == 0:
                RiskProfile.objects.get_or_create(school=school, year=year, risk=risk, defaults={"level": level})
        if row.low_results and number % 6 != 5:
            options = suggestions.loc[suggestions["low_school_code"] == school.code, "strong_school_code"]
            partner = next((c for c in options if active.get(c, 0) < 2), None)
            if partner is not None:
                active[partner] = active.get(partner, 0) + 1
                Partnership.objects.get_or_create(
                    low_school=school,
                    strong_school=schools_by_code[partner],
                    defaults={
                        "start_date": datetime.date(year, 1, 20),
                        "agreement_number": f"СП-{year}-{number + 1:03d}",
                        "status": Partnership.Status.SIGNED,
                    },
                )
        staff = 3 + number % 6
        for person in range(staff):
            ProfessionalDevelopment.objects.get_or_create(
                school=school,
                year=year,
                person=f"Педагог {school.code}-{person + 1}",
                course="Формирующее оценивание на уроке" if person % 2 else "Работа с обучающимися группы риска",
                defaults={"hours": 16 if person == 0 else 36, "completed_on": datetime.date(year, 4, 10)},
            )
        if number % 5 != 2:
            ProgrammeEvent.objects.get_or_create(
                title=f"Открытые уроки: {school.name}",
                date=datetime.date(year, 10, 1 + number % 25),
                defaults={"hours": 4, "level": ProgrammeEvent.Level.SCHOOL, "host_school": school},
            )
    first = Municipality.objects.order_by("name").first()
    for month, title in enumerate(
        [
            "Региональный семинар «Школа, которая справляется»",
            "Муниципальный методический день по математике",
            "Стажировка директоров в резильентных школах",
            "Региональная конференция «Эффективная школа»",
            "Муниципальный круглый стол по работе с семьями",
        ],
        start=2,
    ):
        level = ProgrammeEvent.Level.MUNICIPAL if "Муниципальный" in title else ProgrammeEvent.Level.REGIONAL
        ProgrammeEvent.objects.get_or_create(
            title=title,
            date=datetime.date(year, month * 2, 12),
            defaults={"hours": 6, "level": level, "municipality": first if level == "municipal" else None},
        )


def _accounts() -> None:
    """Which part of the region the demo municipal specialist and school leader see."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["analyst", "municipal", "school"])}
    municipality = Municipality.objects.order_by("name").first()
    school = School.objects.filter(municipality=municipality).order_by("code").first()
    if "municipal" in users and municipality is not None:
        StaffProfile.objects.update_or_create(
            user=users["municipal"], defaults={"municipality": municipality, "school": None}
        )
    if "school" in users and school is not None:
        StaffProfile.objects.update_or_create(user=users["school"], defaults={"municipality": None, "school": school})


def load(stdout):
    schools = load_region(stdout)
    run, result = run_computation(source="demo", reuse_same_inputs=True)
    _programme(run, schools)
    _accounts()
    computed = "рассчитаны заново" if result is not None else "расчёт уже был"
    stdout.write(
        f"Демо-регион: {Municipality.objects.count()} муниципалитетов, {School.objects.count()} школ, "
        f"годы {', '.join(map(str, run.years))}; индексы {computed} (расчёт №{run.pk})."
    )
    return []
