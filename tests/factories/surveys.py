"""Surveys, campaigns and answers (surveys.models).

``survey(kind, sections)`` writes the StreamField the admin would save; question specs are
dicts of QuestionBlock's fields (text and kind at least). Question keys are the block ids, so
``question_keys(survey)`` lists them in order for building answers.
"""

from __future__ import annotations

import datetime
import itertools
import uuid

from django.utils import timezone

from surveys.definition import SCALE, SINGLE, TEXT
from surveys.models import Campaign, CampaignSchool, Response, Survey
from surveys.responses import key_of
from surveys.targets import pin_version

_keys = itertools.count(1)

SATISFACTION_OPTIONS = [
    ("Полностью удовлетворён", 2),
    ("Скорее удовлетворён", 1),
    ("Скорее не удовлетворён", -1),
    ("Не удовлетворён", -2),
    ("Затрудняюсь ответить", None),
]


def question(text, kind=SINGLE, options=(), required=True, **fields) -> dict:
    value = {
        "text": text,
        "help": "",
        "kind": kind,
        "required": required,
        "options": [
            {"type": "item", "id": str(uuid.uuid4()), "value": {"label": label, "points": points}}
            for label, points in options
        ],
        "scale_min": 1,
        "scale_max": 5,
        "min_label": "",
        "max_label": "",
        "satisfaction": False,
        "satisfied_from": None,
        "risk": "",
        "deficit": "",
        "reverse": False,
    }
    value.update(fields)
    return {"type": "item", "id": str(uuid.uuid4()), "value": value}


def section(title, *questions, intro="") -> dict:
    return {
        "type": "section",
        "id": str(uuid.uuid4()),
        "value": {"title": title, "intro": intro, "questions": list(questions)},
    }


def satisfaction_survey(title="Удовлетворённость родителей") -> Survey:
    """Two sections: the overall satisfaction question (satisfied from 1 point) and a 1–5 scale;
    then an optional free-text question."""
    return Survey.objects.create(
        title=title,
        kind=Survey.Kind.SATISFACTION,
        body=[
            section(
                "Обучение",
                question(
                    "Удовлетворены ли вы качеством образования?",
                    options=SATISFACTION_OPTIONS,
                    satisfaction=True,
                    satisfied_from=1,
                ),
                question("Оцените уроки", kind=SCALE, min_label="плохо", max_label="отлично"),
            ),
            section("Пожелания", question("Что сказать школе?", kind=TEXT, required=False)),
        ],
    )


def risk_survey(risks=("low_motivation", "low_equipment")) -> Survey:
    options = [("Нет", 0), ("Отчасти", 1), ("Да", 2)]
    return Survey.objects.create(
        title="Самодиагностика рисков",
        kind=Survey.Kind.RISK_SELF_DIAGNOSIS,
        body=[section("Риски", *[question(f"Есть ли риск {code}?", options=options, risk=code) for code in risks])],
    )


def deficit_survey(areas=("assessment",)) -> Survey:
    return Survey.objects.create(
        title="Диагностика дефицитов",
        kind=Survey.Kind.TEACHER_DEFICITS,
        body=[
            section(
                "Урок",
                *[question(f"Я уверенно владею: {code}", kind=SCALE, deficit=code, reverse=True) for code in areas],
            )
        ],
    )


def campaign(survey, schools, *, year=2025, audience=Campaign.Audience.PARENTS, state="open", **fields) -> Campaign:
    """A campaign of ``survey`` asking ``schools``, open today (or ``state`` "closed"/"planned")."""
    today = timezone.localdate()
    opens, closes = {
        "open": (today - datetime.timedelta(days=5), today + datetime.timedelta(days=10)),
        "closed": (today - datetime.timedelta(days=40), today - datetime.timedelta(days=10)),
        "planned": (today + datetime.timedelta(days=3), today + datetime.timedelta(days=30)),
    }[state]
    made = Campaign.objects.create(
        title=fields.pop("title", f"{survey.title} — {year}"),
        survey=survey,
        audience=audience,
        year=year,
        opens_on=opens,
        closes_on=closes,
        schools_filter=Campaign.Schools.ALL,
        **fields,
    )
    pin_version(made)
    for school in schools:
        CampaignSchool.objects.create_with_code(campaign=made, school=school)
    return made


def question_keys(survey_or_campaign) -> list[str]:
    version = getattr(survey_or_campaign, "version", None) or survey_or_campaign.current_version()
    return [q.key for q in version.parsed().questions]


def answer(campaign, school, answers: dict, *, count=1, submitted=True) -> list[Response]:
    """``count`` responses from ``school`` with the same ``answers`` (by question key)."""
    moment = timezone.now() if submitted else None
    return [
        Response.objects.create(
            campaign=campaign,
            school=school,
            version=campaign.version,
            respondent_key=key_of(f"test-respondent-{next(_keys)}"),
            answers=dict(answers),
            submitted_at=moment,
        )
        for _ in range(count)
    ]


def link(campaign, school) -> CampaignSchool:
    return campaign.targets.get(school=school)
