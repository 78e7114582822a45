"""A person's registration for one occurrence of an event, made without an account.

Seats are decided in ``communities.registration`` under a lock on the occurrence row, so two
people racing for the last seat cannot both get it; the one who loses is put on the waiting
list and promoted when somebody cancels.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from base.models import ConsentGiven


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that still count: a seat or a place in the queue."""
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        """The waiting list in the order people joined it: who is promoted first comes first."""
        return self.filter(status=Registration.Status.WAITING).order_by("created_at", "pk")


class Registration(ConsentGiven):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Участвует"
        WAITING = "waiting", "В листе ожидания"
        CANCELLED = "cancelled", "Отменил регистрацию"

    occurrence = models.ForeignKey(
        "communities.EventOccurrence",
        verbose_name="Занятие",
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    full_name = models.CharField("ФИО", max_length=200)
    email = models.EmailField("Электронная почта")
    school = models.ForeignKey(
        "registry.School",
        verbose_name="Школа",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    organisation = models.CharField(
        "Организация", max_length=300, blank=True, help_text="Если школы нет в реестре: как её назвал участник."
    )
    position = models.CharField("Должность", max_length=200)
    status = models.CharField("Статус", max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    created_at = models.DateTimeField("Зарегистрирован", auto_now_add=True)
    promoted_at = models.DateTimeField("Переведён из листа ожидания", null=True, blank=True)
    cancelled_at = models.DateTimeField("Отменено", null=True, blank=True)
    attended = models.BooleanField("Присутствовал", null=True, blank=True)
    reminded_at = models.DateTimeField("Напоминание отправлено", null=True, blank=True)
    # The occurrence's RFC 5545 SEQUENCE the person was last told about: when publishing moves
    # or cancels the occurrence its sequence goes up, and everyone behind it gets one letter.
    notified_sequence = models.PositiveIntegerField("Сообщённая версия занятия", default=0, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "Регистрация"
        verbose_name_plural = "Регистрации"
        ordering = ["created_at", "pk"]
        constraints = [
            # One active registration per address and occurrence, whatever the letters' case
            # (Ivanova@School.ru and ivanova@school.ru are one mailbox in practice); after
            # cancelling one may return.
            models.UniqueConstraint(
                Lower("email"),
                "occurrence",
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_email",
            )
        ]
        indexes = [models.Index(fields=["occurrence", "status", "created_at"])]

    def __str__(self):
        return f"{self.full_name} — {self.occurrence}"

    @property
    def school_label(self):
        return self.school.name if self.school_id else self.organisation

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    @property
    def is_waiting(self):
        return self.status == self.Status.WAITING

    def waiting_place(self) -> int | None:
        """The person's place in the queue (1 = promoted next), or None when not waiting."""
        if not self.is_waiting:
            return None
        ahead = (
            Registration.objects.filter(occurrence_id=self.occurrence_id, status=self.Status.WAITING)
            .filter(Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk))
            .count()
        )
        return ahead + 1
