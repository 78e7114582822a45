"""Records of the regional programme, so METHODOLOGY.md "Programme monitoring" can be measured.

A school is "in the programme" in a year when it has a ``ProgrammeParticipation`` of the role
"programme school" for that year. The other roles (pilot site, innovation platform, partner
school, internship site) are recorded for the region's picture but do not count as supported.

Documents of these records (school and municipal programmes, signed agreements, yearly
reports) are stored in the private storage and downloaded through the analytics pages, which
check the reader's scope first; they are never under ``MEDIA_URL``.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from base.storage import private_files
from registry.models import Municipality, Risk, School


def _check_period(start, end, errors, end_field="end_date"):
    if start and end and end < start:
        errors[end_field] = "Дата окончания раньше даты начала."


class ProgrammeParticipation(models.Model):
    """A school's place in the programme for one year: supported school, or one of the sites
    that help (pilot, innovation platform, partner, internship)."""

    class Role(models.TextChoices):
        PROGRAMME_SCHOOL = "programme_school", "Школа — участник программы"
        PILOT_SITE = "pilot_site", "Пилотная площадка"
        INNOVATION_PLATFORM = "innovation_platform", "Региональная инновационная площадка"
        PARTNER_SCHOOL = "partner_school", "Школа-партнёр (ресурсная школа)"
        INTERNSHIP_SITE = "internship_site", "Стажировочная площадка"

    class Category(models.TextChoices):
        LOW_RESULTS = "low_results", "ШНОР"
        UNFAVOURABLE = "unfavourable", "ШФНСУ"
        BOTH = "both", "ШНОР и ШФНСУ"

    school = models.ForeignKey(School, verbose_name="Школа", on_delete=models.CASCADE, related_name="participations")
    year = models.PositiveSmallIntegerField("Год")
    role = models.CharField("Статус в программе", max_length=30, choices=Role.choices, default=Role.PROGRAMME_SCHOOL)
    category = models.CharField(
        "Категория",
        max_length=20,
        choices=Category.choices,
        blank=True,
        help_text="Только для школ — участников программы: ШНОР, ШФНСУ или обе категории.",
    )
    tutor = models.CharField(
        "Тьютор или эксперт-консультант",
        max_length=200,
        blank=True,
        help_text="ФИО специалиста, закреплённого за школой.",
    )
    recommendations_on = models.DateField(
        "Рекомендации переданы",
        null=True,
        blank=True,
        help_text="Когда школа получила аналитические данные и адресные рекомендации.",
    )
    notes = models.TextField("Примечания", blank=True)

    class Meta:
        verbose_name = "Участие в программе"
        verbose_name_plural = "Участие школ в программе"
        ordering = ["-year", "school__code", "role"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "role"], name="unique_programme_participation")
        ]

    def __str__(self):
        return f"{self.school} — {self.year}, {self.get_role_display().lower()}"

    @property
    def is_supported(self) -> bool:
        return self.role == self.Role.PROGRAMME_SCHOOL

    def clean(self):
        if self.role == self.Role.PROGRAMME_SCHOOL and not self.category:
            raise ValidationError({"category": "Укажите категорию школы — участника программы: ШНОР, ШФНСУ или обе."})
        if self.role != self.Role.PROGRAMME_SCHOOL and self.category:
            raise ValidationError({"category": "Категорию указывают только для школ — участников программы."})


class ImprovementProgramme(ClusterableModel):
    """A school's own programme: transition to effective functioning, quality improvement, or
    an anti-risk programme for one of its risks; drafted, submitted, approved, reported on."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", "Программа перехода в эффективный режим работы"
        QUALITY = "quality", "Программа повышения качества образования"
        ANTI_RISK = "anti_risk", "Антирисковая программа"

    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        SUBMITTED = "submitted", "Представлена на согласование"
        APPROVED = "approved", "Утверждена"
        REPORTED = "reported", "Отчёт о реализации представлен"

    school = models.ForeignKey(
        School, verbose_name="Школа", on_delete=models.CASCADE, related_name="improvement_programmes"
    )
    kind = models.CharField("Вид программы", max_length=20, choices=Kind.choices)
    risk = models.ForeignKey(
        Risk,
        verbose_name="Риск",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Для антирисковой программы: риск, на снижение которого она направлена.",
    )
    status = models.CharField("Статус", max_length=20, choices=Status.choices, default=Status.DRAFT)
    start_date = models.DateField("Начало реализации")
    end_date = models.DateField("Окончание реализации")
    approved_on = models.DateField("Дата утверждения", null=True, blank=True)
    document = models.FileField("Документ программы", storage=private_files, upload_to="programmes/school/", blank=True)

    class Meta:
        verbose_name = "Программа школы"
        verbose_name_plural = "Программы школ"
        ordering = ["-start_date", "school__code"]

    def __str__(self):
        kind = self.get_kind_display()
        if self.risk_id:
            kind = f"{kind}: {self.risk.name}"
        return f"{self.school.code} — {kind} ({self.start_date:%Y}–{self.end_date:%Y})"

    @property
    def is_approved(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.REPORTED)

    def covers(self, year: int) -> bool:
        return self.start_date.year <= year <= self.end_date.year

    def clean(self):
        errors = {}
        _check_period(self.start_date, self.end_date, errors)
        if self.kind == self.Kind.ANTI_RISK and not self.risk_id:
            errors["risk"] = "Для антирисковой программы укажите риск."
        if self.kind != self.Kind.ANTI_RISK and self.risk_id:
            errors["risk"] = "Риск указывают только для антирисковой программы."
        if self.status in (self.Status.APPROVED, self.Status.REPORTED) and not self.approved_on:
            errors["approved_on"] = "Для утверждённой программы укажите дату утверждения."
        if errors:
            raise ValidationError(errors)


class ImprovementProgrammeReport(models.Model):
    """A yearly report on a school programme."""

    programme = ParentalKey(ImprovementProgramme, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField("Год")
    summary = models.TextField("Итоги года", blank=True)
    document = models.FileField("Файл отчёта", storage=private_files, upload_to="programmes/reports/", blank=True)

    class Meta:
        verbose_name = "Отчёт о реализации программы"
        verbose_name_plural = "Отчёты о реализации программы"
        ordering = ["year"]

    def __str__(self):
        return f"Отчёт за {self.year} год"


class MunicipalProgramme(models.Model):
    """A municipality's own programme of support for its schools, for one year."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="Муниципалитет", on_delete=models.CASCADE, related_name="support_programmes"
    )
    year = models.PositiveSmallIntegerField("Год")
    title = models.CharField("Название", max_length=300)
    approved_on = models.DateField("Дата утверждения", null=True, blank=True)
    document = models.FileField("Документ", storage=private_files, upload_to="programmes/municipal/", blank=True)

    class Meta:
        verbose_name = "Муниципальная программа поддержки школ"
        verbose_name_plural = "Муниципальные программы поддержки школ"
        ordering = ["-year", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "title"], name="unique_municipal_programme")
        ]

    def __str__(self):
        return f"{self.municipality} — {self.year}: {self.title}"


class CooperationDirection(models.Model):
    """A direction of cooperation from the standard partnership agreement form (seeded by a migration)."""

    code = models.SlugField("Код", max_length=40, unique=True)
    name = models.CharField("Направление", max_length=200)
    order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        verbose_name = "Направление сотрудничества"
        verbose_name_plural = "Направления сотрудничества"
        ordering = ["order"]

    def __str__(self):
        return self.name


class PartnershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Partnership.Status.SIGNED)


class Partnership(models.Model):
    """An agreement pairing a supported school with a strong partner school (METHODOLOGY.md section 3)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Проект"
        SIGNED = "signed", "Подписано, действует"
        ENDED = "ended", "Завершено"
        TERMINATED = "terminated", "Расторгнуто"

    low_school = models.ForeignKey(
        School, verbose_name="Поддерживаемая школа", on_delete=models.CASCADE, related_name="partnerships_low"
    )
    strong_school = models.ForeignKey(
        School, verbose_name="Школа-партнёр", on_delete=models.CASCADE, related_name="partnerships_strong"
    )
    status = models.CharField("Статус", max_length=20, choices=Status.choices, default=Status.DRAFT)
    agreement_number = models.CharField("Номер соглашения", max_length=50, blank=True)
    start_date = models.DateField("Дата начала")
    end_date = models.DateField("Дата окончания", null=True, blank=True)
    directions = models.ManyToManyField(CooperationDirection, verbose_name="Направления сотрудничества", blank=True)
    signed_file = models.FileField(
        "Подписанное соглашение", storage=private_files, upload_to="programmes/agreements/", blank=True
    )
    notes = models.TextField("Примечания", blank=True)
    created_at = models.DateTimeField("Создано", default=timezone.now, editable=False)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = "Соглашение о партнёрстве школ"
        verbose_name_plural = "Соглашения о партнёрстве школ"
        ordering = ["-start_date", "-pk"]

    def __str__(self):
        return f"{self.low_school.code} ↔ {self.strong_school.code}"

    @property
    def active(self) -> bool:
        return self.status == self.Status.SIGNED

    def active_in(self, year):
        """Signed and in force at some point of the calendar year."""
        return (
            self.active
            and self.start_date <= datetime.date(year, 12, 31)
            and (self.end_date is None or self.end_date >= datetime.date(year, 1, 1))
        )

    def clean(self):
        errors = {}
        if self.low_school_id and self.low_school_id == self.strong_school_id:
            errors["strong_school"] = (
                "Школа не может заключить соглашение сама с собой: выберите другую школу-партнёра."
            )
        _check_period(self.start_date, self.end_date, errors)
        if errors:
            raise ValidationError(errors)


class MentoringPair(models.Model):
    """A mentor and the teacher they support, in one school."""

    school = models.ForeignKey(School, verbose_name="Школа", on_delete=models.CASCADE, related_name="mentoring_pairs")
    mentor = models.CharField("Наставник", max_length=200)
    mentor_school = models.ForeignKey(
        School,
        verbose_name="Школа наставника",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Если наставник из другой школы, например из школы-партнёра.",
    )
    mentee = models.CharField("Наставляемый педагог", max_length=200)
    subject = models.CharField("Предмет или направление", max_length=200, blank=True)
    start_date = models.DateField("Начало")
    end_date = models.DateField("Окончание", null=True, blank=True)

    class Meta:
        verbose_name = "Наставническая пара"
        verbose_name_plural = "Наставнические пары"
        ordering = ["-start_date", "school__code"]

    def __str__(self):
        return f"{self.mentor} → {self.mentee}"

    def clean(self):
        errors = {}
        _check_period(self.start_date, self.end_date, errors)
        if errors:
            raise ValidationError(errors)


class ProfessionalDevelopment(models.Model):
    """One staff member's completed course: the programme counts staff with courses of ≥ 32 hours."""

    class StudyForm(models.TextChoices):
        FULL_TIME = "full_time", "Очная"
        BLENDED = "blended", "Очно-заочная"
        DISTANCE = "distance", "Заочная с применением дистанционных технологий"

    school = models.ForeignKey(
        School, verbose_name="Школа", on_delete=models.CASCADE, related_name="professional_development"
    )
    year = models.PositiveSmallIntegerField("Год")
    person = models.CharField(
        "Педагог", max_length=200, help_text="ФИО или табельный номер: нужен, чтобы считать людей, а не курсы."
    )
    position = models.CharField("Должность", max_length=200, blank=True)
    course = models.CharField("Курс", max_length=300)
    hours = models.PositiveSmallIntegerField(
        "Объём, часов", validators=[MinValueValidator(1, "Объём курса должен быть больше нуля часов.")]
    )
    study_form = models.CharField("Форма обучения", max_length=20, choices=StudyForm.choices, blank=True)
    completed_on = models.DateField("Дата окончания", null=True, blank=True)

    class Meta:
        verbose_name = "Повышение квалификации"
        verbose_name_plural = "Повышение квалификации"
        ordering = ["-year", "school__code", "person"]

    def __str__(self):
        return f"{self.person}: {self.course} ({self.hours} ч)"

    def clean(self):
        if self.completed_on and self.year and self.completed_on.year != self.year:
            raise ValidationError({"completed_on": "Дата окончания курса должна быть в указанном году."})


class ProgrammeEvent(models.Model):
    """An event of the programme recorded by hand: hosted by a school, or a municipal/regional
    experience exchange. Events of the communities' calendar are counted too, without a record here."""

    class Level(models.TextChoices):
        SCHOOL = "school", "Школьное"
        MUNICIPAL = "municipal", "Муниципальное"
        REGIONAL = "regional", "Региональное"

    title = models.CharField("Название", max_length=300)
    date = models.DateField("Дата")
    hours = models.DecimalField(
        "Продолжительность, часов",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"), "Продолжительность должна быть больше нуля.")],
    )
    level = models.CharField("Уровень", max_length=10, choices=Level.choices)
    host_school = models.ForeignKey(
        School,
        verbose_name="Школа-организатор",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name="Муниципалитет", on_delete=models.SET_NULL, null=True, blank=True
    )
    is_exchange = models.BooleanField(
        "Обмен опытом", default=True, help_text="Мероприятие по обмену опытом между школами."
    )
    participants = models.PositiveIntegerField("Число участников", null=True, blank=True)

    class Meta:
        verbose_name = "Мероприятие программы"
        verbose_name_plural = "Мероприятия программы"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"

    @property
    def year(self):
        return self.date.year

    def clean(self):
        if self.level == self.Level.SCHOOL and not self.host_school_id:
            raise ValidationError({"host_school": "Для школьного мероприятия укажите школу-организатора."})
