"""Which part of the region a staff member may see (DESIGN.md "Access").

A regional analyst has no profile limits (municipality and school empty); a municipal
specialist has a municipality; a school leader has a school. The staff pages decide access
from this one record.
"""

from django.conf import settings
from django.db import models

from .registry import Municipality, School


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

    def __str__(self):
        return str(self.user)
