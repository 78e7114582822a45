"""Records of the regional programme (analytics.models.programme) and schools' risk profiles.

Defaults describe a programme school of 2024 that meets its targets where one record can:
an approved programme for 2024-2025, a signed agreement from January 2024, a 36-hour course,
a four-hour event at the school. Tests change only what they are about.
"""

import datetime
from decimal import Decimal

import factory

from analytics.models import (
    ImprovementProgramme,
    ImprovementProgrammeReport,
    MentoringPair,
    MunicipalProgramme,
    Partnership,
    ProfessionalDevelopment,
    ProgrammeEvent,
    ProgrammeParticipation,
    RiskProfile,
)
from registry.models import Risk
from registry.risks import seed_federal_risks

from .registry import MunicipalityFactory, SchoolFactory

YEAR = 2024


class ParticipationFactory(factory.django.DjangoModelFactory):
    """A programme school of ``YEAR`` (ШНОР) with a tutor and recommendations given."""

    class Meta:
        model = ProgrammeParticipation
        django_get_or_create = ("school", "year", "role")

    school = factory.SubFactory(SchoolFactory)
    year = YEAR
    role = ProgrammeParticipation.Role.PROGRAMME_SCHOOL
    category = factory.LazyAttribute(
        lambda p: (
            ProgrammeParticipation.Category.LOW_RESULTS
            if p.role == ProgrammeParticipation.Role.PROGRAMME_SCHOOL
            else ""
        )
    )
    tutor = "Соколова Ирина Павловна"
    recommendations_on = factory.LazyAttribute(lambda p: datetime.date(p.year, 2, 15))


class ImprovementProgrammeFactory(factory.django.DjangoModelFactory):
    """An approved quality-improvement programme of the school for ``YEAR``–``YEAR + 1``."""

    class Meta:
        model = ImprovementProgramme

    school = factory.SubFactory(SchoolFactory)
    kind = ImprovementProgramme.Kind.QUALITY
    status = ImprovementProgramme.Status.APPROVED
    start_date = datetime.date(YEAR, 1, 1)
    end_date = datetime.date(YEAR + 1, 12, 31)
    approved_on = factory.LazyAttribute(
        lambda p: datetime.date(p.start_date.year, 3, 1) if p.status in ("approved", "reported") else None
    )


class ProgrammeReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementProgrammeReport

    programme = factory.SubFactory(ImprovementProgrammeFactory)
    year = YEAR
    summary = "Программа выполнена по плану."


class MunicipalProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalProgramme

    municipality = factory.SubFactory(MunicipalityFactory)
    year = YEAR
    title = "Муниципальная программа поддержки школ с низкими результатами"
    approved_on = datetime.date(YEAR, 1, 20)


class PartnershipFactory(factory.django.DjangoModelFactory):
    """A signed agreement in force from January ``YEAR``, open-ended."""

    class Meta:
        model = Partnership

    low_school = factory.SubFactory(SchoolFactory)
    strong_school = factory.SubFactory(SchoolFactory)
    status = Partnership.Status.SIGNED
    agreement_number = factory.Sequence(lambda n: f"СП-{YEAR}-{n:03d}")
    start_date = datetime.date(YEAR, 1, 20)
    end_date = None


class MentoringPairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringPair

    school = factory.SubFactory(SchoolFactory)
    mentor = "Кузнецова Ольга Николаевна"
    mentee = factory.Sequence(lambda n: f"Молодой педагог {n}")
    subject = "математика"
    start_date = datetime.date(YEAR, 9, 1)
    end_date = None


class CourseFactory(factory.django.DjangoModelFactory):
    """One completed 36-hour course of one person."""

    class Meta:
        model = ProfessionalDevelopment

    school = factory.SubFactory(SchoolFactory)
    year = YEAR
    person = factory.Sequence(lambda n: f"Педагог {n}")
    position = "учитель математики"
    course = "Формирующее оценивание на уроке"
    hours = 36
    study_form = ProfessionalDevelopment.StudyForm.BLENDED
    completed_on = factory.LazyAttribute(lambda c: datetime.date(c.year, 4, 10))


def trained_staff(school, people=5, hours=36, year=YEAR):
    """``people`` persons of ``school`` with one course of ``hours`` each."""
    return [CourseFactory(school=school, hours=hours, year=year) for _ in range(people)]


class ProgrammeEventFactory(factory.django.DjangoModelFactory):
    """A four-hour event held at a school in October ``YEAR``."""

    class Meta:
        model = ProgrammeEvent

    title = factory.Sequence(lambda n: f"Открытые уроки № {n}")
    date = datetime.date(YEAR, 10, 1)
    hours = Decimal("4")
    level = ProgrammeEvent.Level.SCHOOL
    host_school = factory.SubFactory(SchoolFactory)
    is_exchange = True


def exchange_event(level=ProgrammeEvent.Level.REGIONAL, **fields):
    """A municipal or regional experience exchange (not hosted by a school unless told)."""
    fields.setdefault("title", "Региональный семинар по обмену опытом")
    fields.setdefault("hours", Decimal("6"))
    fields.setdefault("host_school", None)
    return ProgrammeEventFactory(level=level, **fields)


def risk_profile(school, year=YEAR, levels=("high", "medium")):
    """A risk profile of ``school``: the first risks of the federal list at ``levels``."""
    if not Risk.objects.exists():
        seed_federal_risks(Risk)  # a database flushed by a browser journey has lost the migration's rows
    risks = Risk.objects.order_by("order")[: len(levels)]
    return [
        RiskProfile.objects.create(school=school, year=year, risk=r, level=lvl)
        for r, lvl in zip(risks, levels, strict=False)
    ]


def full_programme_school(school, year=YEAR):
    """A programme school of ``year`` with every record a target asks for."""
    ParticipationFactory(school=school, year=year)
    programme = ImprovementProgrammeFactory(school=school, start_date=datetime.date(year, 1, 1))
    ProgrammeReportFactory(programme=programme, year=year)
    PartnershipFactory(low_school=school, start_date=datetime.date(year, 1, 20))
    MentoringPairFactory(school=school, start_date=datetime.date(year, 9, 1))
    trained_staff(school, year=year)
    ProgrammeEventFactory(host_school=school, date=datetime.date(year, 10, 1))
    risk_profile(school, year)
