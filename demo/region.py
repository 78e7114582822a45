"""The demo region for ``load_demo``: the engine's synthetic generator written into the
registry (with НИКО, КДР and mock exams, which the quality index leaves out), computed, then
given the programme's records of its last two years (``demo.programme``).

Idempotent: rows are upserted by their natural keys, programme records are looked up before
they are created, and a computation is stored only when no successful run exists for the same
input fingerprint, parameters and engine version.

Scoped demo accounts: ``municipal`` sees the first municipality by name (alphabetically),
``school`` the first school (by code) of that municipality that takes part in the programme.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from analytics.computation import run_computation
from analytics.importing import write_frame
from analytics.methodology import generate_region
from analytics.models import ProgrammeParticipation
from registry.models import Municipality, School, StaffProfile

from . import programme

SEED = 20250901
YEARS = (2021, 2022, 2023, 2024, 2025)


def load_region(stdout=None):
    schools, results, context = generate_region(n_schools=300, n_municipalities=12, years=YEARS, seed=SEED)
    write_frame("schools", schools, new_municipalities=sorted(schools["municipality"].unique()))
    write_frame("results", results)
    write_frame("context", context)
    programme.load_other_assessments(results, YEARS)
    return schools


def _accounts() -> None:
    """Which part of the region the demo municipal specialist and school leader see."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["analyst", "municipal", "school"])}
    municipality = Municipality.objects.order_by("name").first()
    schools = School.objects.filter(municipality=municipality).order_by("code")
    # A school of the programme, so the school leader has records to keep in the admin.
    in_programme = schools.filter(participations__role=ProgrammeParticipation.Role.PROGRAMME_SCHOOL)
    school = in_programme.first() or schools.first()
    if "municipal" in users and municipality is not None:
        StaffProfile.objects.update_or_create(
            user=users["municipal"], defaults={"municipality": municipality, "school": None}
        )
    if "school" in users and school is not None:
        StaffProfile.objects.update_or_create(user=users["school"], defaults={"municipality": None, "school": school})


def load(stdout):
    schools = load_region(stdout)
    run, result = run_computation(source="demo", reuse_same_inputs=True)
    programme.load(run, schools)
    _accounts()
    computed = "рассчитаны заново" if result is not None else "расчёт уже был"
    stdout.write(
        f"Демо-регион: {Municipality.objects.count()} муниципалитетов, {School.objects.count()} школ, "
        f"годы {', '.join(map(str, run.years))}; индексы {computed} (расчёт №{run.pk})."
    )
    return []
