"""The demo region's programme records, for the last two years of the demo computation, so
programme monitoring has a value and a trend for each target, and some shortfalls to show.

What the demo holds, on purpose: about thirty programme schools a year (ШНОР, ШФНСУ or both),
most with a tutor and recommendations; partner schools, pilot sites, innovation platforms and
internship sites; school programmes of every kind (anti-risk ones tied to a risk) in every
status, with yearly reports; municipal programmes in most municipalities that have programme
schools, but not all; signed agreements with their directions, a few ended, one draft, and
some supported schools without any agreement (so partner suggestions appear); mentoring pairs;
courses with positions and forms of study, a few schools short of five trained staff; events
hosted by schools and exchange events of the region and municipalities. Besides, НИКО, КДР and
mock-exam results for some schools, which the quality index leaves out.

Idempotent: every record is looked up by its natural key before it is created, and a document
is attached only to a record that has none.
"""

from __future__ import annotations

import datetime
from itertools import cycle, islice

import numpy as np
import pandas as pd

from django.core.files.base import ContentFile
from django.db.models import Q

from analytics.directions import seed_cooperation_directions
from analytics.importing import write_frame
from analytics.methodology import partner_suggestions
from analytics.models import (
    ComputationRun,
    CooperationDirection,
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
from registry.models import Municipality, Risk, School
from registry.risks import seed_federal_risks

from .library_files import docx_bytes

SEED = 20250901
RECORD_YEARS = 2
PROGRAMME_SCHOOLS = 30
SITES = {
    ProgrammeParticipation.Role.PILOT_SITE: 3,
    ProgrammeParticipation.Role.INNOVATION_PLATFORM: 2,
    ProgrammeParticipation.Role.INTERNSHIP_SITE: 3,
}

SURNAMES = [
    "Андреева", "Белов", "Васильева", "Григорьев", "Денисова", "Ершов", "Жукова", "Зайцев", "Ильина",
    "Калинин", "Лебедева", "Морозов", "Никитина", "Осипов", "Павлова", "Романов", "Сергеева", "Тихонов",
    "Ушакова", "Фёдоров", "Харитонова", "Цветков", "Чернова", "Шубин", "Щербакова", "Яковлев",
]  # fmt: skip
INITIALS = ["А. В.", "Е. Н.", "И. С.", "М. П.", "О. Г.", "Т. А.", "Н. Ю.", "С. Д."]
POSITIONS = [
    "учитель математики",
    "учитель русского языка и литературы",
    "учитель начальных классов",
    "заместитель директора по учебно-воспитательной работе",
    "педагог-психолог",
    "учитель истории",
    "директор",
]
COURSES = [
    ("Формирующее оценивание на уроке", 36),
    ("Работа с обучающимися группы риска учебной неуспешности", 72),
    ("Управление изменениями в школе с низкими результатами", 48),
    ("Функциональная грамотность: математическая и читательская", 36),
    ("Наставничество в педагогическом коллективе", 40),
]
SHORT_COURSE = ("Цифровые инструменты учителя", 16)
STUDY_FORMS = list(ProfessionalDevelopment.StudyForm)
SUBJECTS = ["математика", "русский язык", "начальные классы", "классное руководство", "история"]


def person(number: int) -> str:
    return f"{SURNAMES[number % len(SURNAMES)]} {INITIALS[(number // len(SURNAMES)) % len(INITIALS)]}"


# --- НИКО, КДР and mock exams (written before the computation, so its inputs stay the same) ----

# (assessment, grade, subject, the ОГЭ/ЕГЭ indicator the school's level is taken from, scale)
OTHER_ASSESSMENTS = [
    ("NIKO", 6, "history", ("OGE", 9, "russian"), 0.6),
    ("KDR", 9, "math", ("OGE", 9, "math"), 1.0),
    ("KDR", 9, "russian", ("OGE", 9, "russian"), 1.0),
    ("MOCK", 9, "math", ("OGE", 9, "math"), 0.95),
    ("MOCK", 11, "math", ("EGE", 11, "math"), 0.95),
]


def other_assessments(results: pd.DataFrame, years) -> pd.DataFrame:
    """НИКО, КДР and mock exams for every fourth school of ``years``, near its ОГЭ/ЕГЭ level."""
    rng = np.random.default_rng(SEED + 1)
    recent = results.loc[results["year"].isin(years)]
    codes = sorted(recent["school_code"].unique())[::4]
    frames = []
    for assessment, grade, subject, (source, source_grade, source_subject), scale in OTHER_ASSESSMENTS:
        base = recent.loc[
            recent["school_code"].isin(codes)
            & (recent["assessment"] == source)
            & (recent["grade"] == source_grade)
            & (recent["subject"] == source_subject)
        ]
        if base.empty:
            continue
        noise = rng.normal(0, 0.8, len(base))
        frames.append(
            pd.DataFrame(
                {
                    "school_code": base["school_code"].to_numpy(),
                    "year": base["year"].to_numpy(),
                    "assessment": assessment,
                    "grade": grade,
                    "subject": subject,
                    "participants": base["participants"].to_numpy(),
                    "mean_score": (base["mean_score"].to_numpy() * scale + noise).round(2),
                    "sd": base["sd"].to_numpy(),
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["school_code", "year", "assessment", "grade", "subject"])
    frame = pd.concat(frames, ignore_index=True)
    for column in results.columns:
        if column not in frame:
            frame[column] = np.nan
    return frame[list(results.columns)]


def load_other_assessments(results: pd.DataFrame, years) -> None:
    frame = other_assessments(results, years[-RECORD_YEARS:])
    if not frame.empty:
        write_frame("results", frame)


# --- the programme's records ------------------------------------------------------------------


def _directions() -> list[CooperationDirection]:
    """The directions of the standard agreement form."""
    seed_cooperation_directions()
    return list(CooperationDirection.objects.order_by("order"))


def _category(row: SchoolYearResult) -> str:
    if row.low_results and row.unfavourable:
        return ProgrammeParticipation.Category.BOTH
    if row.low_results:
        return ProgrammeParticipation.Category.LOW_RESULTS
    return ProgrammeParticipation.Category.UNFAVOURABLE


def _attach(record, field: str, title: str, lines: list[str]) -> None:
    document = getattr(record, field)
    if not document:
        document.save(f"{record._meta.model_name}-{record.pk}.docx", ContentFile(docx_bytes(title, [(title, lines)])))


NATURAL_KEYS = {
    RiskProfile: ("school_id", "year", "risk_id"),
    MentoringPair: ("school_id", "mentor", "mentee"),
    ProfessionalDevelopment: ("school_id", "year", "person", "course"),
    ProgrammeEvent: ("title", "date"),
}


def _create_missing(model, key: tuple[str, ...], rows: list) -> None:
    """Insert the rows whose natural ``key`` is not in the table yet."""
    if not rows:
        return
    existing = set(model.objects.values_list(*key))
    fresh = {}
    for row in rows:
        fresh.setdefault(tuple(getattr(row, field) for field in key), row)
    model.objects.bulk_create([row for k, row in fresh.items() if k not in existing])


class _Programme:
    """One pass over the demo run: keeps what later steps need (partners in use, risks)."""

    def __init__(self, run: ComputationRun, schools: pd.DataFrame):
        self.run = run
        self.schools_frame = schools
        self.years = sorted(int(year) for year in run.years)[-RECORD_YEARS:]
        self.rng = np.random.default_rng(SEED)
        seed_federal_risks(Risk)  # a flushed test database has lost the migration's rows
        self.risks = list(Risk.objects.order_by("order"))
        self.directions = _directions()
        self.schools_by_code = {school.code: school for school in School.objects.all()}
        self.active: dict[str, int] = {}  # agreements in force per partner school
        self.partnered: set[int] = set()  # supported schools that have had an agreement
        self.draft_made = False
        # Rows made in bulk at the end: hundreds of them, one lookup and one insert per table.
        self.pending = {model: [] for model in NATURAL_KEYS}

    def rows(self, year: int):
        return SchoolYearResult.objects.filter(run=self.run, year=year).select_related("school")

    def programme_rows(self, year: int) -> list[SchoolYearResult]:
        identified = self.rows(year).filter(Q(low_results=True) | Q(unfavourable=True))
        return list(identified.order_by("school__code")[:PROGRAMME_SCHOOLS])

    def load(self) -> None:
        for year in self.years:
            programme = self.programme_rows(year)
            if not programme:
                continue
            suggestions = self.suggestions(year)
            for number, row in enumerate(programme):
                self.participation(row, number, year)
                self.school_programmes(row.school, number, year)
                self.risk_profile(row.school, number, year)
                self.agreement(row, number, year, suggestions)
                self.mentoring(row.school, number, year)
                self.training(row.school, number, year)
                self.hosted_event(row.school, number, year)
            self.partner_schools(year)
            self.sites(year, {row.school_id for row in programme})
            self.municipal_programmes(year, programme)
            self.exchange_events(year)
        for model, key in NATURAL_KEYS.items():
            _create_missing(model, key, self.pending[model])

    # participation and sites

    def participation(self, row, number, year):
        ProgrammeParticipation.objects.get_or_create(
            school=row.school,
            year=year,
            role=ProgrammeParticipation.Role.PROGRAMME_SCHOOL,
            defaults={
                "category": _category(row),
                # Most schools meet every target; a few lag, so monitoring has something to show.
                "tutor": "" if number % 8 == 5 else person(number * 3 + year),
                "recommendations_on": None if number % 9 == 4 else datetime.date(year, 2, 15),
            },
        )

    def partner_schools(self, year):
        in_force = Partnership.objects.filter(
            status__in=[Partnership.Status.SIGNED, Partnership.Status.ENDED],
            start_date__lte=datetime.date(year, 12, 31),
        ).exclude(end_date__lt=datetime.date(year, 1, 1))
        for strong_id in sorted(set(in_force.values_list("strong_school_id", flat=True))):
            ProgrammeParticipation.objects.get_or_create(
                school_id=strong_id, year=year, role=ProgrammeParticipation.Role.PARTNER_SCHOOL
            )

    def sites(self, year, programme_ids):
        strong = (
            self.rows(self.years[-1])
            .filter(quality_group__gte=9)
            .exclude(school_id__in=programme_ids)
            .order_by("school__code")
            .values_list("school_id", flat=True)
        )
        candidates = iter(strong)
        for role, count in SITES.items():
            for school_id in islice(candidates, count):
                ProgrammeParticipation.objects.get_or_create(school_id=school_id, year=year, role=role)

    # school and municipal programmes

    def school_programmes(self, school, number, year):
        first_year = (
            year == self.years[0]
            or not ProgrammeParticipation.objects.filter(
                school=school, year=year - 1, role=ProgrammeParticipation.Role.PROGRAMME_SCHOOL
            ).exists()
        )
        if first_year:
            # One programme for the whole stay in the programme: two years from the first.
            kind = ImprovementProgramme.Kind.QUALITY if number % 3 else ImprovementProgramme.Kind.TRANSITION
            status = self.programme_status(number, year)
            programme, _ = ImprovementProgramme.objects.get_or_create(
                school=school,
                kind=kind,
                start_date=datetime.date(year, 1, 1),
                defaults={
                    "end_date": datetime.date(year + 1, 12, 31),
                    "status": status,
                    "approved_on": datetime.date(year, 3, 1) if status in APPROVED else None,
                },
            )
            if programme.status in APPROVED and number % 6 == 0:
                _attach(programme, "document", f"{programme.get_kind_display()}: {school.name}", PROGRAMME_TEXT)
            if programme.status == ImprovementProgramme.Status.REPORTED or (
                programme.status == ImprovementProgramme.Status.APPROVED and year < self.years[-1]
            ):
                ImprovementProgrammeReport.objects.get_or_create(
                    programme=programme,
                    year=year,
                    defaults={"summary": REPORT_TEXT[number % len(REPORT_TEXT)]},
                )
        if number % 3 == 0:
            risk = self.risks[(number // 3 + year) % len(self.risks)]
            status = (
                ImprovementProgramme.Status.DRAFT
                if number % 9 == 0
                else ImprovementProgramme.Status.SUBMITTED
                if number % 12 == 3
                else ImprovementProgramme.Status.APPROVED
            )
            ImprovementProgramme.objects.get_or_create(
                school=school,
                kind=ImprovementProgramme.Kind.ANTI_RISK,
                risk=risk,
                start_date=datetime.date(year, 9, 1),
                defaults={
                    "end_date": datetime.date(year + 1, 6, 30),
                    "status": status,
                    "approved_on": datetime.date(year, 9, 20) if status in APPROVED else None,
                },
            )

    def programme_status(self, number, year):
        if number % 7 == 3:
            return ImprovementProgramme.Status.SUBMITTED
        if number % 11 == 6:
            return ImprovementProgramme.Status.DRAFT
        if year < self.years[-1] and number % 4 == 1:
            return ImprovementProgramme.Status.REPORTED
        return ImprovementProgramme.Status.APPROVED

    def municipal_programmes(self, year, programme):
        names = dict(Municipality.objects.values_list("pk", "name"))
        with_schools = sorted({row.school.municipality_id for row in programme}, key=names.get)
        for position, municipality_id in enumerate(with_schools):
            if position % 4 == 3:
                continue  # not every municipality has adopted its own programme
            record, _ = MunicipalProgramme.objects.get_or_create(
                municipality_id=municipality_id,
                year=year,
                title=f"Муниципальная программа поддержки школ с низкими образовательными результатами на {year} год",
                defaults={"approved_on": datetime.date(year, 2, 1)},
            )
            if position % 3 == 0:
                _attach(record, "document", record.title, MUNICIPAL_TEXT)

    # risk profiles

    def risk_profile(self, school, number, year):
        for k, risk in enumerate(self.risks):
            level = ["low", "medium", "high"][int(self.rng.integers(0, 3))]
            if (k + number) % 3 == 0:
                self.pending[RiskProfile].append(RiskProfile(school=school, year=year, risk=risk, level=level))

    # agreements

    def suggestions(self, year) -> pd.DataFrame:
        table = pd.DataFrame(
            self.rows(year).values("school__code", "year", "quality_index", "quality_group", "low_results", "cluster")
        ).rename(columns={"school__code": "school_code"})
        table["quality_group"] = table["quality_group"].astype("Int64")
        return partner_suggestions(table, self.schools_frame, None, year=year, limit=15)

    def partner_for(self, school, suggestions, skip=()):
        options = suggestions.loc[suggestions["low_school_code"] == school.code, "strong_school_code"]
        return next((code for code in options if self.active.get(code, 0) < 2 and code not in skip), None)

    def agreement(self, row, number, year, suggestions):
        school = row.school
        if not row.low_results or school.pk in self.partnered:
            return
        if number % 6 == 5:
            # Supported schools without an agreement: monitoring shows them with suggestions;
            # one of them has a draft prepared.
            if not self.draft_made:
                partner = self.partner_for(school, suggestions)
                if partner is not None:
                    self.draft_made = True
                    self.partnered.add(school.pk)
                    draft, created = Partnership.objects.get_or_create(
                        low_school=school,
                        strong_school=self.schools_by_code[partner],
                        start_date=datetime.date(year, 11, 1),
                        defaults={"status": Partnership.Status.DRAFT, "notes": "Проект на согласовании у сторон."},
                    )
                    if created:
                        draft.directions.set(self.directions)
            return
        partner = self.partner_for(school, suggestions)
        if partner is None:
            return
        self.partnered.add(school.pk)
        ends_early = year < self.years[-1] and number % 7 == 1
        first = self.sign(school, partner, number, year, ended=ends_early)
        if ends_early:
            # The first partner could not go on; a new agreement from the next year.
            second = self.partner_for(school, suggestions, skip={partner})
            if second is not None:
                self.sign(school, second, number + 50, year + 1, ended=False)
        return first

    def sign(self, school, partner, number, year, *, ended):
        start = datetime.date(year, 1, 20)
        agreement, created = Partnership.objects.get_or_create(
            low_school=school,
            strong_school=self.schools_by_code[partner],
            start_date=start,
            defaults={
                "agreement_number": f"СП-{year}-{number + 1:03d}",
                "status": Partnership.Status.ENDED if ended else Partnership.Status.SIGNED,
                "end_date": datetime.date(year, 12, 31) if ended else datetime.date(year + 2, 6, 30),
            },
        )
        if not ended:
            self.active[partner] = self.active.get(partner, 0) + 1
        if created:
            count = 3 + number % 5
            agreement.directions.set(islice(cycle(self.directions[number % 7 :] + self.directions), count))
        if number % 5 == 0 and not ended:
            _attach(agreement, "signed_file", f"Соглашение о сотрудничестве {agreement}", AGREEMENT_TEXT)
        return agreement

    # mentoring, training, events

    def mentoring(self, school, number, year):
        if number % 3 == 2:
            return
        partner = Partnership.objects.filter(low_school=school, status=Partnership.Status.SIGNED).first()
        for pair in range(1 + number % 2):
            self.pending[MentoringPair].append(
                MentoringPair(
                    school=school,
                    mentor=person(number * 7 + pair * 5 + 11),
                    mentee=person(number * 5 + pair * 3 + 2),
                    mentor_school=partner.strong_school if partner and pair == 0 else None,
                    subject=SUBJECTS[(number + pair) % len(SUBJECTS)],
                    start_date=datetime.date(year, 9, 1),
                    end_date=datetime.date(year + 1, 5, 31),
                )
            )

    def training(self, school, number, year):
        # Everyone but the first takes a course of 32 hours or more; a school with five people on
        # courses has four who count, so about a quarter of the schools stay short of five.
        staff = 5 + (number + year) % 4
        for member in range(staff):
            course, hours = SHORT_COURSE if member == 0 else COURSES[(member + number) % len(COURSES)]
            self.pending[ProfessionalDevelopment].append(
                ProfessionalDevelopment(
                    school=school,
                    year=year,
                    person=person(number * 11 + member),
                    course=course,
                    position=POSITIONS[(member + number) % len(POSITIONS)],
                    hours=hours,
                    study_form=STUDY_FORMS[(member + number) % len(STUDY_FORMS)],
                    completed_on=datetime.date(year, 3 + member % 8, 10),
                )
            )

    def hosted_event(self, school, number, year):
        if number % 5 == 2:
            return
        self.pending[ProgrammeEvent].append(
            ProgrammeEvent(
                title=f"Открытые уроки: {school.name}",
                date=datetime.date(year, 10, 1 + number % 25),
                hours=4,
                level=ProgrammeEvent.Level.SCHOOL,
                host_school=school,
                participants=18 + number % 20,
            )
        )

    def exchange_events(self, year):
        municipalities = list(Municipality.objects.order_by("name"))
        for number, (title, level) in enumerate(EXCHANGE_EVENTS):
            municipality = municipalities[(number + year) % len(municipalities)] if level == "municipal" else None
            ProgrammeEvent.objects.get_or_create(
                title=title,
                date=datetime.date(year, 2 + number * 2, 12),
                defaults={
                    "hours": 6,
                    "level": level,
                    "municipality": municipality,
                    "participants": 40 + number * 15,
                },
            )


APPROVED = (ImprovementProgramme.Status.APPROVED, ImprovementProgramme.Status.REPORTED)
EXCHANGE_EVENTS = [
    ("Региональный семинар «Школа, которая справляется»", ProgrammeEvent.Level.REGIONAL),
    ("Муниципальный методический день по математике", ProgrammeEvent.Level.MUNICIPAL),
    ("Стажировка директоров в резильентных школах", ProgrammeEvent.Level.REGIONAL),
    ("Региональная конференция «Эффективная школа»", ProgrammeEvent.Level.REGIONAL),
    ("Муниципальный круглый стол по работе с семьями", ProgrammeEvent.Level.MUNICIPAL),
]
PROGRAMME_TEXT = [
    "Цель программы — устойчивый рост образовательных результатов обучающихся.",
    "Задачи: повысить профессиональные компетенции педагогов, выстроить внутреннюю систему оценки качества, "
    "организовать адресную поддержку обучающихся с трудностями в обучении.",
]
REPORT_TEXT = [
    "Открыты кружки по математике и смысловому чтению; доля отметок «2» по ВПР снизилась.",
    "Пять педагогов прошли курсы повышения квалификации; введены еженедельные методические часы.",
    "Проведены открытые уроки для школы-партнёра; налажена работа с родителями обучающихся группы риска.",
]
MUNICIPAL_TEXT = [
    "Программа определяет меры поддержки школ муниципалитета с низкими образовательными результатами и "
    "школ, работающих в неблагоприятных социальных условиях, на текущий год.",
]
AGREEMENT_TEXT = [
    "Стороны договорились о сотрудничестве по направлениям, указанным в приложении к соглашению.",
    "Подписи сторон и печати организаций.",
]


def load(run: ComputationRun, schools: pd.DataFrame) -> None:
    """The programme's records for the last two years of ``run``."""
    _Programme(run, schools).load()
