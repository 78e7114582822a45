"""Surveys of the programme: what is asked (``Survey`` and its frozen ``SurveyVersion``s), whom
and when (``Campaign`` with a link per school), and what was answered (``Response``).

Answers are anonymous: a response knows its campaign, school and version, and a one-way key of
the browser that gave it (so the same browser cannot answer twice), never a person.
"""

from __future__ import annotations

import hashlib
import json
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from registry.models import Municipality, Risk, School

from .blocks import SurveyBodyBlock
from .definition import Definition

CODE_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: codes are read off paper too
CODE_LENGTH = 10


class DeficitArea(ClusterableModel):
    """An area of teachers' professional deficits that a diagnostic measures, with the courses
    that address it and the federal risk whose practices help (the library tags practices by
    risk)."""

    code = models.SlugField("Код", max_length=40, unique=True, help_text="Латиницей, например: assessment.")
    name = models.CharField("Название", max_length=200)
    description = models.TextField("Описание", blank=True, help_text="Что означает дефицит, как он проявляется.")
    risk = models.ForeignKey(
        Risk,
        verbose_name="Связанный риск школы",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deficit_areas",
        help_text="Практики библиотеки, работающие с этим риском, рекомендуются педагогам с этим дефицитом.",
    )
    order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        verbose_name = "Область профессиональных дефицитов"
        verbose_name_plural = "Области профессиональных дефицитов"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class RecommendedCourse(Orderable):
    area = ParentalKey(DeficitArea, on_delete=models.CASCADE, related_name="courses")
    title = models.CharField("Курс", max_length=300)
    provider = models.CharField("Кто проводит", max_length=200, blank=True)
    hours = models.PositiveSmallIntegerField("Часов", null=True, blank=True)
    url = models.URLField("Ссылка на курс", blank=True, help_text="Страница записи на курс, если есть.")

    class Meta(Orderable.Meta):
        verbose_name = "Рекомендуемый курс"
        verbose_name_plural = "Рекомендуемые курсы"

    def __str__(self):
        return self.title


class Survey(models.Model):
    class Kind(models.TextChoices):
        SATISFACTION = "satisfaction", "Удовлетворённость родителей качеством образования"
        TEACHER_DEFICITS = "teacher_deficits", "Диагностика профессиональных дефицитов педагогов"
        RISK_SELF_DIAGNOSIS = "risk_self_diagnosis", "Самодиагностика рисков школы"
        GENERAL = "general", "Другая анкета"

    title = models.CharField("Название", max_length=200, help_text="Так анкета называется для тех, кто отвечает.")
    kind = models.CharField(
        "Вид анкеты",
        max_length=30,
        choices=Kind.choices,
        default=Kind.GENERAL,
        help_text="От вида зависит, что портал считает по ответам: долю удовлетворённых, риски или дефициты.",
    )
    intro = models.TextField("Вступление", blank=True, help_text="Зачем опрос и как будут использованы ответы.")
    thanks = models.TextField("Слова благодарности", blank=True, help_text="Показываются после отправки ответов.")
    body = StreamField(SurveyBodyBlock(), verbose_name="Разделы и вопросы", use_json_field=True)
    updated_at = models.DateTimeField("Изменена", auto_now=True)

    class Meta:
        verbose_name = "Анкета"
        verbose_name_plural = "Анкеты"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def definition(self) -> dict:
        """The survey as ``surveys.definition`` stores it: sections and questions keyed by the
        ids Wagtail gives blocks, which stay the same while a question is kept."""
        sections = []
        for section in self.body:
            questions = []
            for item in section.value["questions"].bound_blocks:
                q = item.value
                questions.append(
                    {
                        "key": item.id,
                        "text": q["text"],
                        "help": q["help"],
                        "kind": q["kind"],
                        "required": bool(q["required"]),
                        "options": [
                            {"key": str(n), "label": o["label"].strip(), "points": o["points"]}
                            for n, o in enumerate(q["options"], start=1)
                            if o["label"].strip()
                        ],
                        "scale_min": q["scale_min"],
                        "scale_max": q["scale_max"],
                        "min_label": q["min_label"],
                        "max_label": q["max_label"],
                        "satisfaction": bool(q["satisfaction"]),
                        "satisfied_from": q["satisfied_from"],
                        "risk": q["risk"] or "",
                        "deficit": q["deficit"] or "",
                        "reverse": bool(q["reverse"]),
                    }
                )
            sections.append(
                {
                    "key": section.id,
                    "title": section.value["title"],
                    "intro": section.value["intro"],
                    "questions": questions,
                }
            )
        return {
            "title": self.title,
            "kind": self.kind,
            "intro": self.intro,
            "thanks": self.thanks,
            "sections": sections,
        }

    def current_version(self) -> SurveyVersion:
        """The version holding the survey as it is now: the stored one if nothing changed since,
        else a new one with the next number."""
        definition = self.definition()
        fingerprint = hashlib.sha256(json.dumps(definition, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        with transaction.atomic():
            Survey.objects.select_for_update().filter(pk=self.pk).first()
            version = self.versions.filter(fingerprint=fingerprint).first()
            if version is None:
                number = (self.versions.aggregate(n=models.Max("number"))["n"] or 0) + 1
                version = self.versions.create(number=number, definition=definition, fingerprint=fingerprint)
        return version


class SurveyVersion(models.Model):
    """The survey's questions as given to respondents; answers keep the version they answered."""

    survey = models.ForeignKey(Survey, verbose_name="Анкета", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("Номер версии")
    definition = models.JSONField("Вопросы")
    fingerprint = models.CharField("Отпечаток", max_length=64)
    created_at = models.DateTimeField("Создана", auto_now_add=True)

    class Meta:
        verbose_name = "Версия анкеты"
        verbose_name_plural = "Версии анкеты"
        ordering = ["survey", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="unique_survey_version_number"),
            models.UniqueConstraint(fields=["survey", "fingerprint"], name="unique_survey_version_content"),
        ]

    def __str__(self):
        return f"{self.survey}, версия {self.number}"

    def parsed(self) -> Definition:
        return Definition.from_dict(self.definition)


class Campaign(models.Model):
    class Audience(models.TextChoices):
        PARENTS = "parents", "Родители"
        TEACHERS = "teachers", "Педагоги"
        SCHOOL_LEADERS = "school_leaders", "Руководители и управленческие команды школ"

    class Schools(models.TextChoices):
        ALL = "all", "Все школы"
        PROGRAMME = "programme", "Школы — участники программы"

    class State(models.TextChoices):
        PLANNED = "planned", "Запланирована"
        OPEN = "open", "Идёт"
        CLOSED = "closed", "Завершена"

    title = models.CharField(
        "Название кампании", max_length=200, help_text="Например: «Удовлетворённость родителей — 2026»."
    )
    survey = models.ForeignKey(Survey, verbose_name="Анкета", on_delete=models.PROTECT, related_name="campaigns")
    version = models.ForeignKey(
        SurveyVersion,
        verbose_name="Версия анкеты",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="campaigns",
    )
    audience = models.CharField("Кто отвечает", max_length=20, choices=Audience.choices, default=Audience.PARENTS)
    year = models.PositiveSmallIntegerField(
        "Год программы", help_text="К какому году мониторинга программы относятся ответы."
    )
    opens_on = models.DateField("Начало приёма ответов")
    closes_on = models.DateField("Последний день приёма ответов")
    schools_filter = models.CharField("Школы", max_length=20, choices=Schools.choices, default=Schools.PROGRAMME)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="Только муниципалитет",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Оставьте пустым, чтобы опросить школы всего региона.",
    )
    reminders = models.BooleanField(
        "Напоминать руководителям школ",
        default=True,
        help_text="Письма руководителям в начале, в середине и за три дня до конца приёма ответов.",
    )
    created_at = models.DateTimeField("Создана", auto_now_add=True)

    class Meta:
        verbose_name = "Кампания опроса"
        verbose_name_plural = "Кампании опросов"
        ordering = ["-opens_on", "title"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "Приём ответов не может закончиться раньше, чем начнётся."})

    def state_on(self, day) -> str:
        if day < self.opens_on:
            return self.State.PLANNED
        return self.State.OPEN if day <= self.closes_on else self.State.CLOSED

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def has_responses(self) -> bool:
        return self.responses.exists()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class CampaignSchoolQuerySet(models.QuerySet):
    def create_with_code(self, **fields):
        """A school's link with a fresh random code (drawn again in the unlikely clash)."""
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    return self.create(code=new_code(), **fields)
            except IntegrityError:
                if self.filter(campaign=fields["campaign"], school=fields["school"]).exists():
                    raise
        raise IntegrityError("could not draw a free link code")


class CampaignSchool(models.Model):
    """A school asked in a campaign, with the code of its own link (the link is what schools hand
    out, so answers arrive already sorted by school without asking anyone which school)."""

    campaign = models.ForeignKey(Campaign, verbose_name="Кампания", on_delete=models.CASCADE, related_name="targets")
    school = models.ForeignKey(School, verbose_name="Школа", on_delete=models.CASCADE, related_name="survey_links")
    code = models.CharField("Код ссылки", max_length=16, unique=True)
    reminder_stage = models.PositiveSmallIntegerField("Отправлено напоминаний", default=0)

    objects = CampaignSchoolQuerySet.as_manager()

    class Meta:
        verbose_name = "Школа в кампании"
        verbose_name_plural = "Школы в кампании"
        ordering = ["school__code"]
        constraints = [models.UniqueConstraint(fields=["campaign", "school"], name="unique_campaign_school")]

    def __str__(self):
        return f"{self.campaign}: {self.school}"


class Response(models.Model):
    """One respondent's answers; a draft until ``submitted_at`` (long questionnaires are saved
    section by section, so nobody loses what they wrote)."""

    campaign = models.ForeignKey(Campaign, verbose_name="Кампания", on_delete=models.CASCADE, related_name="responses")
    school = models.ForeignKey(School, verbose_name="Школа", on_delete=models.CASCADE, related_name="survey_responses")
    version = models.ForeignKey(SurveyVersion, verbose_name="Версия анкеты", on_delete=models.PROTECT, related_name="+")
    respondent_key = models.CharField("Ключ браузера", max_length=64)
    answers = models.JSONField("Ответы", default=dict)
    section = models.PositiveSmallIntegerField("Раздел", default=1)
    started_at = models.DateTimeField("Начат", auto_now_add=True)
    updated_at = models.DateTimeField("Изменён", auto_now=True)
    submitted_at = models.DateTimeField("Отправлен", null=True, blank=True)

    class Meta:
        verbose_name = "Ответ на анкету"
        verbose_name_plural = "Ответы на анкеты"
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "respondent_key"], name="one_response_per_browser"),
        ]
        indexes = [models.Index(fields=["campaign", "school", "submitted_at"])]

    def __str__(self):
        return f"{self.campaign}: ответ №{self.pk}"
