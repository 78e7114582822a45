"""The school registry: municipalities, schools, the federal list of school risks, and which
part of the region each staff member belongs to. Every feature app that speaks of schools
(the library, analytics, the coming programme records and surveys) builds on these."""

from django.conf import settings
from django.db import models


class Municipality(models.Model):
    name = models.CharField("Название", max_length=200, unique=True)
    code = models.CharField("Код", max_length=20, blank=True, help_text="Код муниципалитета в региональной системе.")

    class Meta:
        verbose_name = "Муниципалитет"
        verbose_name_plural = "Муниципалитеты"
        ordering = ["name"]

    def __str__(self):
        return self.name


class School(models.Model):
    class Locality(models.TextChoices):
        URBAN = "urban", "Городская"
        RURAL = "rural", "Сельская"

    code = models.CharField("Код школы", max_length=20, unique=True, help_text="Код в региональной системе оценки.")
    name = models.CharField("Название", max_length=300)
    municipality = models.ForeignKey(
        Municipality, verbose_name="Муниципалитет", on_delete=models.PROTECT, related_name="schools"
    )
    locality = models.CharField("Местность", max_length=10, choices=Locality.choices, default=Locality.URBAN)
    is_small = models.BooleanField("Малокомплектная", default=False)
    advanced_study = models.BooleanField(
        "Углублённое изучение", default=False, help_text="Лицей, гимназия или школа с углублённым изучением предметов."
    )
    students = models.PositiveIntegerField("Число обучающихся", null=True, blank=True)
    education_levels = models.CharField(
        "Уровни образования", max_length=20, blank=True, help_text="Например: НОО, ООО, СОО через запятую."
    )

    class Meta:
        verbose_name = "Школа"
        verbose_name_plural = "Школы"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Risk(models.Model):
    """One of the federal programme's ten risk factors of a school (METHODOLOGY.md, risk profile).

    Practices are tagged with the risks they address, and a school's risk profile points to
    them, which is how a school passport recommends practices.
    """

    code = models.SlugField("Код", max_length=40, unique=True)
    name = models.CharField("Название", max_length=200)
    order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        verbose_name = "Риск школы"
        verbose_name_plural = "Риски школ"
        ordering = ["order"]

    def __str__(self):
        return self.name


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="Пользователь", on_delete=models.CASCADE, related_name="staff_profile"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="Муниципалитет",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="Для муниципального специалиста: видит только школы этого муниципалитета.",
    )
    school = models.ForeignKey(
        School,
        verbose_name="Школа",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="Для руководителя школы: видит только паспорт своей школы.",
    )

    class Meta:
        verbose_name = "Область доступа сотрудника"
        verbose_name_plural = "Области доступа сотрудников"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=True) | models.Q(school__isnull=True),
                name="staff_profile_municipality_or_school",
                violation_error_message="Укажите либо муниципалитет, либо школу, но не то и другое сразу.",
            )
        ]

    def __str__(self):
        return str(self.user)
