"""Records of the regional programme, so METHODOLOGY.md "Programme monitoring" can be measured.

A school is "in the programme" in a year when it has a ``SchoolProgramme`` for that year.
"""

import datetime

from django.db import models

from registry.models import Municipality, School


class SchoolProgramme(models.Model):
    """A school's participation in the programme for one year, with its own improvement programme."""

    class Category(models.TextChoices):
        LOW_RESULTS = "low_results", "ШНОР"
        UNFAVOURABLE = "unfavourable", "ШФНСУ"
        BOTH = "both", "ШНОР и ШФНСУ"

    school = models.ForeignKey(School, verbose_name="Школа", on_delete=models.CASCADE, related_name="programmes")
    year = models.PositiveSmallIntegerField("Год")
    category = models.CharField("Категория", max_length=20, choices=Category.choices)
    approved_on = models.DateField(
        "Программа утверждена", null=True, blank=True, help_text="Дата утверждения программы улучшения результатов."
    )
    recommendations_on = models.DateField(
        "Рекомендации переданы",
        null=True,
        blank=True,
        help_text="Когда школа получила аналитические данные и адресные рекомендации.",
    )
    notes = models.TextField("Примечания", blank=True)

    class Meta:
        verbose_name = "Программа школы"
        verbose_name_plural = "Программы школ"
        ordering = ["-year", "school__code"]
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="unique_school_programme")]

    def __str__(self):
        return f"{self.school} — {self.year}"


class Partnership(models.Model):
    """An agreement pairing a low-result school with a strong school (METHODOLOGY.md section 3)."""

    low_school = models.ForeignKey(
        School, verbose_name="Школа с низкими результатами", on_delete=models.CASCADE, related_name="partnerships_low"
    )
    strong_school = models.ForeignKey(
        School, verbose_name="Школа-партнёр", on_delete=models.CASCADE, related_name="partnerships_strong"
    )
    active = models.BooleanField("Действует", default=True)
    agreement_number = models.CharField("Номер соглашения", max_length=50, blank=True)
    start_date = models.DateField("Дата начала")
    end_date = models.DateField("Дата окончания", null=True, blank=True)

    class Meta:
        verbose_name = "Партнёрство школ"
        verbose_name_plural = "Партнёрства школ"
        ordering = ["-start_date"]

    def __str__(self):
        return f"{self.low_school.code} ↔ {self.strong_school.code}"

    def active_in(self, year):
        """Active at some point of the calendar year."""
        return (
            self.active
            and self.start_date <= datetime.date(year, 12, 31)
            and (self.end_date is None or self.end_date >= datetime.date(year, 1, 1))
        )


class ProfessionalDevelopment(models.Model):
    """One staff member's completed course: the programme counts staff with courses of ≥ 32 hours."""

    school = models.ForeignKey(
        School, verbose_name="Школа", on_delete=models.CASCADE, related_name="professional_development"
    )
    year = models.PositiveSmallIntegerField("Год")
    person = models.CharField(
        "Педагог", max_length=200, help_text="ФИО или табельный номер: нужен, чтобы считать людей, а не курсы."
    )
    course = models.CharField("Курс", max_length=300)
    hours = models.PositiveSmallIntegerField("Объём, часов")
    completed_on = models.DateField("Дата окончания", null=True, blank=True)

    class Meta:
        verbose_name = "Повышение квалификации"
        verbose_name_plural = "Повышение квалификации"
        ordering = ["-year", "school__code", "person"]

    def __str__(self):
        return f"{self.person}: {self.course} ({self.hours} ч)"


class ProgrammeEvent(models.Model):
    """An event of the programme: hosted by a school, or a municipal/regional experience exchange."""

    class Level(models.TextChoices):
        SCHOOL = "school", "Школьное"
        MUNICIPAL = "municipal", "Муниципальное"
        REGIONAL = "regional", "Региональное"

    title = models.CharField("Название", max_length=300)
    date = models.DateField("Дата")
    hours = models.DecimalField("Продолжительность, часов", max_digits=5, decimal_places=1)
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

    class Meta:
        verbose_name = "Мероприятие программы"
        verbose_name_plural = "Мероприятия программы"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"

    @property
    def year(self):
        return self.date.year
