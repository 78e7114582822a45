"""The demo's surveys: parents' satisfaction, teachers' professional deficits and the schools'
risk self-diagnosis, with campaigns over the programme schools and answers.

What the demo holds, on purpose: satisfaction campaigns of the last two programme years, closed,
with answers from most programme schools (a few under the minimum cell size, some below the
90 % target), so the programme monitoring measures its satisfaction target; a closed deficit
diagnostic with answers; a closed risk self-diagnosis answered by about two thirds of the
programme schools, which writes their risk profiles through the same path as a real answer;
and an open satisfaction survey and an open deficit diagnostic to answer now.

Idempotent: surveys, areas and campaigns are looked up by their names, and a campaign that
already has answers gets no more.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid

import numpy as np

from django.db import transaction
from django.utils import timezone

from analytics.models import ProgrammeParticipation
from analytics.survey_feed import write_risk_profile
from registry.models import Risk, StaffProfile
from surveys.definition import MULTIPLE, SCALE, SINGLE, TEXT
from surveys.models import Campaign, DeficitArea, RecommendedCourse, Response, Survey
from surveys.targets import pin_version, sync_targets

SEED = 20251110
NAMESPACE = uuid.UUID("6f1c2b8e-6d2c-4f0a-9a49-2a0f5d7c9e11")

AGREE = ("совсем не согласен", "полностью согласен")
SATISFIED = [("Полностью удовлетворён(а)", 2), ("Скорее удовлетворён(а)", 1)]
UNSATISFIED = [("Скорее не удовлетворён(а)", -1), ("Совсем не удовлетворён(а)", -2)]

PARENTS_SURVEY = (
    "Удовлетворённость родителей качеством образования",
    Survey.Kind.SATISFACTION,
    "Институт развития образования вместе со школой хочет узнать, что родители думают об обучении и "
    "школьной жизни. Ответы анонимны и нужны, чтобы понять, что улучшить.",
    [
        (
            "Обучение",
            [
                {
                    "text": "Насколько вы в целом удовлетворены качеством образования в школе?",
                    "kind": SINGLE,
                    "options": [*SATISFIED, *UNSATISFIED, ("Затрудняюсь ответить", None)],
                    "satisfaction": True,
                    "satisfied_from": 1,
                },
                {
                    "text": "Оцените, как ребёнка учат по основным предметам",
                    "kind": SCALE,
                    "labels": ("очень плохо", "отлично"),
                },
                {
                    "text": "Получает ли ребёнок помощь, если что-то не понимает на уроке?",
                    "kind": SINGLE,
                    "options": [("Да, всегда", None), ("Иногда", None), ("Нет", None), ("Не знаю", None)],
                },
                {
                    "text": "В каком классе учится ребёнок?",
                    "kind": SINGLE,
                    "options": [("1–4 класс", None), ("5–9 класс", None), ("10–11 класс", None)],
                    "required": False,
                },
            ],
        ),
        (
            "Школьная среда",
            [
                {"text": "Ребёнку безопасно и комфортно в школе", "kind": SCALE, "labels": AGREE},
                {
                    "text": "Что в школе стоит улучшить в первую очередь?",
                    "kind": MULTIPLE,
                    "options": [
                        ("Качество уроков", None),
                        ("Кружки и секции", None),
                        ("Питание", None),
                        ("Состояние здания и кабинетов", None),
                        ("Общение с учителями", None),
                        ("Безопасность", None),
                    ],
                    "required": False,
                },
            ],
        ),
        (
            "Связь со школой",
            [
                {
                    "text": "Как часто вы узнаёте от школы об успехах и трудностях ребёнка?",
                    "kind": SINGLE,
                    "options": [("Каждую неделю", None), ("Раз в месяц", None), ("Реже", None), ("Никогда", None)],
                },
                {"text": "Что бы вы хотели сказать школе?", "kind": TEXT, "required": False},
            ],
        ),
    ],
)

DEFICIT_AREAS = [
    (
        "assessment",
        "Оценивание образовательных результатов",
        "Формирующее оценивание, критерии, обратная связь ученику.",
        "low_teacher_competence",
        [("Формирующее оценивание на уроке", 36), ("Критериальное оценивание в основной школе", 24)],
    ),
    (
        "differentiation",
        "Дифференциация и индивидуализация обучения",
        "Задания разного уровня, индивидуальные маршруты, работа в группах.",
        "low_adaptivity",
        [("Дифференцированное обучение в классе с разным уровнем подготовки", 36)],
    ),
    (
        "motivation",
        "Работа с низкой учебной мотивацией",
        "Как вовлечь в учёбу тех, кому «неинтересно» и «не нужно».",
        "low_motivation",
        [("Учебная мотивация подростков: приёмы и практики", 24)],
    ),
    (
        "failure_risk",
        "Обучающиеся с трудностями в обучении",
        "Раннее выявление трудностей, восполнение пробелов, поддержка.",
        "failure_risk_share",
        [("Работа с обучающимися группы риска учебной неуспешности", 72)],
    ),
    (
        "parents",
        "Взаимодействие с родителями",
        "Родительские собрания, которые работают; совместные решения о ребёнке.",
        "low_parental_involvement",
        [("Школа и семья: вовлечение родителей в образование детей", 18)],
    ),
    (
        "subject",
        "Предметные знания и методика преподавания",
        "Трудные темы предмета, современные методики урока.",
        "low_teacher_competence",
        [("Функциональная грамотность: математическая и читательская", 36)],
    ),
]

TEACHER_STATEMENTS = {
    "assessment": ["Я формулирую для учеников понятные критерии оценки", "Я даю ученикам письменную обратную связь"],
    "differentiation": [
        "На моих уроках есть задания разного уровня трудности",
        "Я умею выстроить работу с учеником по индивидуальному плану",
    ],
    "motivation": ["Я знаю, как вовлечь в работу немотивированных учеников", "Ученики охотно участвуют в моих уроках"],
    "failure_risk": [
        "Я вовремя замечаю, что ученик начал отставать",
        "Я знаю, как помочь ученику восполнить пробелы",
    ],
    "parents": [
        "Родители моих учеников приходят на встречи со мной",
        "Я умею договориться с родителями о помощи ребёнку",
    ],
    "subject": [
        "Я уверенно объясняю самые трудные темы своего предмета",
        "Я использую на уроках современные методики",
    ],
}

TEACHER_SURVEY = (
    "Диагностика профессиональных дефицитов педагогов",
    Survey.Kind.TEACHER_DEFICITS,
    "Оцените, насколько вы согласны с утверждениями о своей работе. Ответы анонимны: школа увидит только "
    "обобщённые итоги, а вы сразу после отправки — свой профиль с подходящими курсами и практиками.",
    [
        (
            "О вашей работе",
            [
                {
                    "text": "Ваш педагогический стаж",
                    "kind": SINGLE,
                    "options": [("До 3 лет", None), ("3–10 лет", None), ("Больше 10 лет", None)],
                    "required": False,
                },
                {
                    "text": "На каких уровнях вы преподаёте?",
                    "kind": MULTIPLE,
                    "options": [("Начальное общее", None), ("Основное общее", None), ("Среднее общее", None)],
                    "required": False,
                },
            ],
        ),
        (
            "Урок и оценивание",
            [
                {"text": text, "kind": SCALE, "labels": AGREE, "deficit": code, "reverse": True}
                for code in ("assessment", "differentiation", "subject")
                for text in TEACHER_STATEMENTS[code]
            ],
        ),
        (
            "Ученики и родители",
            [
                {"text": text, "kind": SCALE, "labels": AGREE, "deficit": code, "reverse": True}
                for code in ("motivation", "failure_risk", "parents")
                for text in TEACHER_STATEMENTS[code]
            ],
        ),
    ],
)

RISK_SCALE = [("Нет, это не про нас", 0), ("Отчасти", 1), ("Да, это серьёзная проблема", 2)]
RISK_STATEMENTS = [
    (
        "Ресурсы школы",
        [
            ("low_equipment", "Оснащения кабинетов не хватает для современного урока"),
            ("low_equipment", "В учебных кабинетах нет надёжного интернета"),
            ("teacher_shortage", "В школе есть незакрытые вакансии учителей"),
            ("teacher_shortage", "Учителя ведут предметы не по своей специальности"),
        ],
    ),
    (
        "Педагоги",
        [
            ("low_teacher_competence", "Учителям трудно работать с заданиями новых форматов"),
            ("low_teacher_competence", "Результаты ВПР и ОГЭ показывают пробелы в преподавании тем"),
            ("low_adaptivity", "На уроках все ученики выполняют одни и те же задания"),
            ("low_adaptivity", "Ученики с особыми потребностями учатся без индивидуального плана"),
            ("no_school_pd", "В школе нет наставничества и взаимопосещения уроков"),
            ("no_school_pd", "Учителя не обсуждают вместе результаты учеников"),
        ],
    ),
    (
        "Обучающиеся и среда",
        [
            ("language_barriers", "Часть учеников плохо владеет русским языком"),
            ("language_barriers", "Семьи учеников говорят дома на другом языке"),
            ("weak_environment", "В школе случаются конфликты и травля"),
            ("weak_environment", "Ученикам некуда пойти после уроков в школе"),
            ("failure_risk_share", "Больше пятой части учеников не справляются с программой"),
            ("failure_risk_share", "Многие ученики остаются на пересдачу"),
            ("low_motivation", "Ученики часто пропускают уроки без причины"),
            ("low_motivation", "Ученикам неинтересно участвовать в олимпиадах и проектах"),
        ],
    ),
    (
        "Семьи",
        [
            ("low_parental_involvement", "Родители редко приходят на собрания"),
            ("low_parental_involvement", "Родители не знают, как помочь ребёнку с учёбой"),
        ],
    ),
]

RISK_SURVEY = (
    "Самодиагностика рисков школы",
    Survey.Kind.RISK_SELF_DIAGNOSIS,
    "Анкета для руководителя и управленческой команды школы: насколько утверждения верны для вашей "
    "школы. По ответам портал заполнит рисковый профиль школы и подберёт практики.",
    [
        (title, [{"text": text, "kind": SINGLE, "options": RISK_SCALE, "risk": code} for code, text in statements])
        for title, statements in RISK_STATEMENTS
    ],
)


def _id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def _question(survey_title: str, number: int, spec: dict) -> dict:
    labels = spec.get("labels", ("", ""))
    return {
        "type": "item",
        "id": _id(survey_title, "question", number),
        "value": {
            "text": spec["text"],
            "help": "",
            "kind": spec["kind"],
            "required": spec.get("required", True),
            "options": [
                {
                    "type": "item",
                    "id": _id(survey_title, number, "option", n),
                    "value": {"label": label, "points": points},
                }
                for n, (label, points) in enumerate(spec.get("options", []))
            ],
            "scale_min": 1,
            "scale_max": 5,
            "min_label": labels[0],
            "max_label": labels[1],
            "satisfaction": spec.get("satisfaction", False),
            "satisfied_from": spec.get("satisfied_from"),
            "risk": spec.get("risk", ""),
            "deficit": spec.get("deficit", ""),
            "reverse": spec.get("reverse", False),
        },
    }


def _survey(spec) -> Survey:
    title, kind, intro, sections = spec
    survey = Survey.objects.filter(title=title).first()
    if survey is not None:
        return survey
    counter = iter(range(1, 1000))
    body = [
        {
            "type": "section",
            "id": _id(title, "section", n),
            "value": {
                "title": section_title,
                "intro": "",
                "questions": [_question(title, next(counter), q) for q in questions],
            },
        }
        for n, (section_title, questions) in enumerate(sections)
    ]
    return Survey.objects.create(
        title=title, kind=kind, intro=intro, thanks="Спасибо! Ваши ответы сохранены.", body=body
    )


def _deficit_areas() -> None:
    risks = dict(Risk.objects.values_list("code", "pk"))
    for order, (code, name, description, risk, courses) in enumerate(DEFICIT_AREAS, start=1):
        area, created = DeficitArea.objects.get_or_create(
            code=code,
            defaults={"name": name, "description": description, "risk_id": risks.get(risk), "order": order},
        )
        if created:
            for course_order, (title, hours) in enumerate(courses):
                RecommendedCourse.objects.create(
                    area=area,
                    title=title,
                    hours=hours,
                    provider="Институт развития образования",
                    sort_order=course_order,
                )


def _campaign(title, survey, audience, year, opens, closes) -> Campaign:
    campaign, _created = Campaign.objects.get_or_create(
        title=title,
        defaults={
            "survey": survey,
            "audience": audience,
            "year": year,
            "opens_on": opens,
            "closes_on": closes,
            "schools_filter": Campaign.Schools.PROGRAMME,
        },
    )
    pin_version(campaign)
    sync_targets(campaign)
    return campaign


def _key(campaign, school, number) -> str:
    return hashlib.sha256(f"demo/{campaign.pk}/{school.pk}/{number}".encode()).hexdigest()


class Answers:
    """Plausible answers for one survey version, drawn from a seeded generator."""

    def __init__(self, campaign, rng):
        self.definition = campaign.version.parsed()
        self.rng = rng

    def draw(self, lean: float) -> dict:
        """``lean`` from 0 to 1: how favourable this respondent's answers are."""
        answers = {}
        for question in self.definition.questions:
            if not question.required and self.rng.random() < 0.3:
                continue
            good = self.rng.random() < lean
            if question.kind == SCALE:
                value = int(self.rng.choice([4, 5]) if good else self.rng.choice([1, 2, 3]))
                answers[question.key] = value
            elif question.kind == SINGLE:
                answers[question.key] = self._single(question, good)
            elif question.kind == MULTIPLE:
                count = int(self.rng.integers(1, 3))
                keys = sorted(self.rng.choice([o.key for o in question.options], size=count, replace=False).tolist())
                answers[question.key] = keys
            elif question.kind == TEXT and self.rng.random() < 0.25:
                answers[question.key] = str(self.rng.choice(FREE_TEXTS))
        return answers

    def _single(self, question, good: bool) -> str:
        scored = [o for o in question.options if o.points is not None]
        if not scored:
            return str(self.rng.choice([o.key for o in question.options]))
        best = max(o.points for o in scored)
        if question.risk:
            # A risk statement: "good" means the risk is not there.
            pool = [o for o in scored if o.points == 0] if good else [o for o in scored if o.points > 0]
        elif good:
            pool = [o for o in scored if o.points > 0]
        else:
            pool = [o for o in question.options if o.points is None or o.points < best - 1]
        return str(self.rng.choice([o.key for o in pool or scored]))


FREE_TEXTS = [
    "Спасибо учителям за внимание к детям.",
    "Хотелось бы больше кружков после уроков.",
    "Домашних заданий слишком много.",
    "Просим чаще сообщать об оценках.",
    "В столовой стало лучше.",
]


def _answer(campaign, plan: dict, submitted_at) -> int:
    """Store ``plan`` (school -> (count, lean)) as submitted responses, once per campaign."""
    if campaign.responses.exists():
        return 0
    rng = np.random.default_rng(SEED + campaign.pk)
    answers = Answers(campaign, rng)
    rows = [
        Response(
            campaign=campaign,
            school=school,
            version=campaign.version,
            respondent_key=_key(campaign, school, n),
            answers=answers.draw(lean),
            section=len(answers.definition.sections),
            submitted_at=submitted_at,
        )
        for school, (count, lean) in plan.items()
        for n in range(count)
    ]
    Response.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _leader_school():
    profile = StaffProfile.objects.filter(user__username="school", school__isnull=False).first()
    return profile.school if profile else None


def _plan(campaign, rng, low: int, high: int, few_every: int, lean=(0.75, 0.98)) -> dict:
    """Answers per target school: most get ``low``..``high``, every ``few_every``-th fewer than
    the cell size (or none), and the demo school leader's school always enough to see."""
    leader = _leader_school()
    plan = {}
    for n, link in enumerate(campaign.targets.select_related("school").order_by("school__code")):
        if link.school == leader:
            count = high
        elif few_every and n % few_every == few_every - 1:
            count = int(rng.integers(0, 5))
        else:
            count = int(rng.integers(low, high + 1))
        if count:
            plan[link.school] = (count, float(rng.uniform(*lean)))
    return plan


@transaction.atomic
def load(stdout):
    _deficit_areas()
    parents = _survey(PARENTS_SURVEY)
    teachers = _survey(TEACHER_SURVEY)
    risks = _survey(RISK_SURVEY)
    years = sorted(set(ProgrammeParticipation.objects.values_list("year", flat=True)))
    if not years:
        stdout.write("Анкетирование: нет записей об участии школ в программе — кампании не созданы.")
        return []
    rng = np.random.default_rng(SEED)
    made = 0
    for year in years[-2:]:
        closed = _campaign(
            f"Удовлетворённость родителей — {year}",
            parents,
            Campaign.Audience.PARENTS,
            year,
            datetime.date(year, 11, 10),
            datetime.date(year, 12, 15),
        )
        moment = timezone.make_aware(datetime.datetime(year, 12, 1, 12))
        made += _answer(closed, _plan(closed, rng, 6, 40, few_every=7, lean=(0.78, 0.99)), moment)
    latest = years[-1]
    moment = timezone.make_aware(datetime.datetime(latest, 11, 20, 12))
    deficits = _campaign(
        f"Диагностика профессиональных дефицитов педагогов — {latest}",
        teachers,
        Campaign.Audience.TEACHERS,
        latest,
        datetime.date(latest, 10, 1),
        datetime.date(latest, 11, 30),
    )
    made += _answer(deficits, _plan(deficits, rng, 5, 25, few_every=6, lean=(0.35, 0.8)), moment)
    diagnosis = _campaign(
        f"Самодиагностика рисков школы — {latest}",
        risks,
        Campaign.Audience.SCHOOL_LEADERS,
        latest,
        datetime.date(latest, 9, 1),
        datetime.date(latest, 10, 15),
    )
    # Two schools in three have done their self-diagnosis, the demo school leader's among them.
    leader = _leader_school()
    answered_schools = {
        link.school: (1, float(rng.uniform(0.3, 0.85)))
        for n, link in enumerate(diagnosis.targets.select_related("school").order_by("school__code"))
        if n % 3 != 2 or link.school == leader
    }
    made += _answer(diagnosis, answered_schools, moment)
    for school in answered_schools:
        write_risk_profile(diagnosis, school)
    today = timezone.localdate()
    opens, closes = today - datetime.timedelta(days=14), today + datetime.timedelta(days=21)
    _campaign(
        f"Удовлетворённость родителей — {today.year}", parents, Campaign.Audience.PARENTS, today.year, opens, closes
    )
    _campaign(
        f"Диагностика профессиональных дефицитов педагогов — {today.year}",
        teachers,
        Campaign.Audience.TEACHERS,
        today.year,
        opens,
        closes,
    )
    stdout.write(
        f"Анкетирование: {Survey.objects.count()} анкеты, {Campaign.objects.count()} кампаний, "
        f"{Response.objects.filter(submitted_at__isnull=False).count()} ответов (новых в демо: {made})."
    )
    return []
