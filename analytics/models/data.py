"""Measured data per school and year: assessment results, social context and risk profiles.

Columns follow METHODOLOGY.md "Inputs" one to one, so the loader can hand them to the engine
without renaming.
"""

from django.db import models

from registry.models import Risk, School


class AssessmentResult(models.Model):
    """One row per school, year, assessment, grade and subject (METHODOLOGY.md "Inputs")."""

    class Assessment(models.TextChoices):
        VPR = "VPR", "ВПР"
        OGE = "OGE", "ОГЭ"
        EGE = "EGE", "ЕГЭ"
        # Stored and shown; the quality index leaves them out unless its parameters name them.
        NIKO = "NIKO", "НИКО"
        KDR = "KDR", "Региональная диагностическая работа (КДР)"
        MOCK = "MOCK", "Пробный экзамен"

    school = models.ForeignKey(School, verbose_name="Школа", on_delete=models.CASCADE, related_name="results")
    year = models.PositiveSmallIntegerField("Год")
    assessment = models.CharField("Процедура", max_length=10, choices=Assessment.choices)
    grade = models.PositiveSmallIntegerField("Класс")
    subject = models.CharField("Предмет", max_length=40, help_text="Код предмета: math, russian, history…")
    participants = models.PositiveIntegerField("Число участников")
    mean_score = models.FloatField("Средний балл", help_text="В единицах самой процедуры (первичные или тестовые).")
    sd = models.FloatField("Стандартное отклонение", null=True, blank=True)
    fail_share = models.FloatField("Доля не преодолевших минимум", null=True, blank=True)
    marks_2 = models.FloatField("Доля отметок «2»", null=True, blank=True)
    marks_3 = models.FloatField("Доля отметок «3»", null=True, blank=True)
    marks_4 = models.FloatField("Доля отметок «4»", null=True, blank=True)
    marks_5 = models.FloatField("Доля отметок «5»", null=True, blank=True)
    lowered_share = models.FloatField("Доля понизивших отметку", null=True, blank=True)
    confirmed_share = models.FloatField("Доля подтвердивших отметку", null=True, blank=True)
    raised_share = models.FloatField("Доля повысивших отметку", null=True, blank=True)

    class Meta:
        verbose_name = "Результат оценочной процедуры"
        verbose_name_plural = "Результаты оценочных процедур"
        ordering = ["school__code", "year", "assessment", "grade", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year", "assessment", "grade", "subject"], name="unique_assessment_result"
            )
        ]
        indexes = [models.Index(fields=["year", "assessment", "grade", "subject"])]

    def __str__(self):
        return f"{self.school.code} {self.year} {self.get_assessment_display()} {self.grade} {self.subject}"


class SocialContext(models.Model):
    """Family factors of a school's students in one year (METHODOLOGY.md section 2)."""

    school = models.ForeignKey(School, verbose_name="Школа", on_delete=models.CASCADE, related_name="contexts")
    year = models.PositiveSmallIntegerField("Год")
    higher_education_share = models.FloatField(
        "Доля семей с высшим образованием обоих родителей", null=True, blank=True
    )
    single_parent_share = models.FloatField("Доля неполных семей", null=True, blank=True)
    kdn_share = models.FloatField("Доля состоящих на учёте в КДН", null=True, blank=True)
    large_family_share = models.FloatField("Доля многодетных семей", null=True, blank=True)
    unemployed_parent_share = models.FloatField("Доля семей с безработными родителями", null=True, blank=True)
    ovz_share = models.FloatField("Доля обучающихся с ОВЗ", null=True, blank=True)
    non_native_share = models.FloatField("Доля обучающихся, для которых русский не родной", null=True, blank=True)

    FACTORS = [
        "higher_education_share",
        "single_parent_share",
        "kdn_share",
        "large_family_share",
        "unemployed_parent_share",
        "ovz_share",
        "non_native_share",
    ]

    class Meta:
        verbose_name = "Социальный контекст"
        verbose_name_plural = "Социальный контекст"
        ordering = ["school__code", "year"]
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="unique_social_context")]

    def __str__(self):
        return f"{self.school.code} {self.year}"


class RiskProfile(models.Model):
    """Level of one federal risk for a school in a year; a passport recommends practices by it.

    A profile comes from a file (the region's own diagnostics), from the school's answers to a
    risk self-diagnosis survey, or from staff in the admin; ``source`` and ``assessed_on`` say
    which and when, so a reader of the passport can weigh it.
    """

    class Level(models.TextChoices):
        LOW = "low", "Низкий"
        MEDIUM = "medium", "Средний"
        HIGH = "high", "Высокий"

    class Source(models.TextChoices):
        IMPORT = "import", "Загружен из файла"
        SELF_DIAGNOSIS = "self_diagnosis", "Самодиагностика школы"
        STAFF = "staff", "Внесён сотрудником"

    school = models.ForeignKey(School, verbose_name="Школа", on_delete=models.CASCADE, related_name="risk_profiles")
    year = models.PositiveSmallIntegerField("Год")
    risk = models.ForeignKey(Risk, verbose_name="Риск", on_delete=models.PROTECT, related_name="profiles")
    level = models.CharField("Уровень", max_length=6, choices=Level.choices)
    source = models.CharField("Источник", max_length=20, choices=Source.choices, default=Source.STAFF)
    assessed_on = models.DateField("Дата оценки", null=True, blank=True)
    source_note = models.CharField(
        "Подробнее об источнике", max_length=300, blank=True, help_text="Например, название опроса или файла."
    )

    class Meta:
        verbose_name = "Рисковый профиль"
        verbose_name_plural = "Рисковые профили"
        ordering = ["school__code", "year", "risk__order"]
        constraints = [models.UniqueConstraint(fields=["school", "year", "risk"], name="unique_risk_profile")]

    def __str__(self):
        return f"{self.school.code} {self.year}: {self.risk} — {self.get_level_display()}"
