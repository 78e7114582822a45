"""Analytics data: assessment results, social context, the staff of the analytics roles, and a
small region whose computation is real (the engine's synthetic generator, written to the
registry and computed through ``analytics.computation.run_computation``)."""

from __future__ import annotations

from dataclasses import dataclass

import factory

from analytics.computation import run_computation
from analytics.importing import write_frame
from analytics.methodology import generate_region
from analytics.models import AssessmentResult, ComputationRun, SchoolYearResult, SocialContext
from base.roles import MUNICIPAL_SPECIALISTS, REGIONAL_ANALYSTS, SCHOOL_LEADERS
from registry.models import Municipality, School

from .registry import SchoolFactory, StaffProfileFactory
from .users import user_in


class AssessmentResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentResult

    school = factory.SubFactory(SchoolFactory)
    year = 2024
    assessment = AssessmentResult.Assessment.OGE
    grade = 9
    subject = "math"
    participants = 25
    mean_score = 15.0
    sd = 4.0


class SocialContextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialContext

    school = factory.SubFactory(SchoolFactory)
    year = 2024
    higher_education_share = 0.3
    single_parent_share = 0.2
    kdn_share = 0.02


# --- staff of the analytics roles (groups made by migrate, see base.roles) ------------------


def regional_analyst(**fields):
    """Sees the whole region and may recompute (analytics.roles)."""
    return user_in(REGIONAL_ANALYSTS, **fields)


def municipal_specialist(municipality, **fields):
    """Sees the schools of ``municipality`` only."""
    user = user_in(MUNICIPAL_SPECIALISTS, **fields)
    StaffProfileFactory(user=user, municipality=municipality)
    return user


def school_leader(school, **fields):
    """Sees the passport of ``school`` only."""
    user = user_in(SCHOOL_LEADERS, **fields)
    StaffProfileFactory(user=user, school=school)
    return user


# --- a small computed region ----------------------------------------------------------------

# With 40 schools: three municipalities (24, 11 and 5 schools); in the latest year ШНОР, ШФНСУ,
# both at once, a resilient school, ВПР signals and one school too small for an index.
REGION_SEED = 1
REGION_YEARS = (2023, 2024)


@dataclass
class Region:
    """What ``region()`` built: municipalities largest first, schools by code, the run."""

    municipalities: list[Municipality]
    schools: list[School]
    years: list[int]
    run: ComputationRun | None = None

    @property
    def year(self) -> int:
        return max(self.years)

    def schools_of(self, municipality) -> list[School]:
        return [s for s in self.schools if s.municipality_id == municipality.pk]

    def rows(self, year=None, **filters):
        """This run's Output rows of ``year`` (the latest by default)."""
        return SchoolYearResult.objects.filter(run=self.run, year=year or self.year, **filters)


def region(
    n_schools: int = 40,
    n_municipalities: int = 3,
    years=REGION_YEARS,
    seed: int = REGION_SEED,
    compute: bool = True,
) -> Region:
    """A synthetic region written to the registry; computed unless ``compute`` is False.

    School codes start with "R" so they never meet ``SchoolFactory``'s "S…" codes.
    """
    schools, results, context = generate_region(
        n_schools=n_schools, n_municipalities=n_municipalities, years=tuple(years), seed=seed
    )
    code = {old: "R" + old[1:] for old in schools["code"]}
    schools["code"] = schools["code"].map(code)
    results["school_code"] = results["school_code"].map(code)
    context["school_code"] = context["school_code"].map(code)

    names = sorted(schools["municipality"].unique())
    write_frame("schools", schools, new_municipalities=names)
    write_frame("results", results)
    write_frame("context", context)
    municipalities = {m.name: m for m in Municipality.objects.filter(name__in=names)}
    built = Region(
        municipalities=sorted(municipalities.values(), key=lambda m: (-m.schools.count(), m.name)),
        schools=list(School.objects.filter(code__in=list(code.values())).order_by("code")),
        years=sorted(int(y) for y in years),
    )
    if compute:
        built.run, _result = run_computation(source="test")
    return built
