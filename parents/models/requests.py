"""A parent's consultation request, what happened to it, and what staff wrote about it.

The request holds personal data (a name, contacts, a child's grade and school, a question
about the family): it is shown only to the staff the request is for (``parents.access``) and,
once closed and past the retention period, anonymised (``parents.retention``); what remains
(topic, municipality, dates, status) keeps the service's figures true.
"""

from __future__ import annotations

import datetime

from phonenumber_field.modelfields import PhoneNumberField

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from base.models import ConsentGiven

from ..choices import CHILD_GRADES, OPEN_STATUSES, PUBLIC_STATUS, Format, Status
from ..references import new_reference


class ConsultationTopic(models.Model):
    """What parents ask about; editors keep the list, the form and the figures use it."""

    name = models.CharField("Название", max_length=150, unique=True)
    description = models.CharField(
        "Пояснение для родителей",
        max_length=300,
        blank=True,
        help_text="Одна строка под названием темы на странице службы, "
        "например: «ОГЭ, ЕГЭ, ВПР, тревога перед экзаменом».",
    )
    order = models.PositiveSmallIntegerField("Порядок", default=0, help_text="Темы с меньшим числом идут первыми.")
    active = models.BooleanField(
        "Принимаем обращения",
        default=True,
        help_text="Снимите отметку, чтобы тема пропала из формы; старые обращения по ней сохранятся.",
    )

    class Meta:
        verbose_name = "Тема консультации"
        verbose_name_plural = "Темы консультаций"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


def answer_due(created: datetime.datetime) -> datetime.date:
    """The last day of the answer: CONSULTATION_ANSWER_DAYS calendar days after the request."""
    return timezone.localdate(created) + datetime.timedelta(days=settings.CONSULTATION_ANSWER_DAYS)


class ConsultationRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None):
        """Open requests whose answer day has passed (answered ones are never overdue)."""
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def due_soon(self, days: int = 3, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.open().filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days))


class ConsultationRequest(ConsentGiven):
    reference = models.CharField("Номер обращения", max_length=20, unique=True, editable=False)
    created_at = models.DateTimeField("Поступило", default=timezone.now, editable=False, db_index=True)

    name = models.CharField("Имя заявителя", max_length=150)
    email = models.EmailField("Электронная почта", blank=True)
    phone = PhoneNumberField("Телефон", blank=True)
    child_grade = models.CharField("Класс ребёнка", max_length=10, choices=CHILD_GRADES)
    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name="Муниципалитет",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_requests",
    )
    school = models.ForeignKey(
        "registry.School",
        verbose_name="Школа",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_requests",
    )
    topic = models.ForeignKey(ConsultationTopic, verbose_name="Тема", on_delete=models.PROTECT, related_name="requests")
    question = models.TextField("Вопрос")
    preferred_format = models.CharField("Удобный формат", max_length=20, choices=Format.choices)
    preferred_time = models.CharField("Удобное время", max_length=200, blank=True)
    slot = models.OneToOneField(
        "parents.ConsultationSlot",
        verbose_name="Выбранное время консультанта",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="request",
        help_text="Одно время — одно обращение: второй родитель это время уже не выберет.",
    )

    status = models.CharField("Состояние", max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Консультант",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_requests",
    )
    due_date = models.DateField("Ответить до", editable=False)
    assigned_at = models.DateTimeField("Назначено", null=True, blank=True, editable=False)
    answered_at = models.DateTimeField("Дан ответ", null=True, blank=True, editable=False)
    closed_at = models.DateTimeField("Закрыто", null=True, blank=True, editable=False)
    answer = models.TextField("Ответ заявителю", blank=True, editable=False)

    anonymised_at = models.DateTimeField("Персональные данные удалены", null=True, blank=True, editable=False)
    # The random token of the form the request came from: the same form posted twice (a double
    # click, a reload after a lost connection) finds the request already stored.
    submission_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "Обращение родителя"
        verbose_name_plural = "Обращения родителей"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="parents_request_due"),
            models.Index(fields=["consultant", "status"], name="parents_request_mine"),
        ]
        permissions = [
            ("supervise_consultations", "Распределяет обращения и видит все обращения"),
            ("view_consultation_figures", "Видит показатели консультационной службы"),
        ]

    def __str__(self):
        return self.reference or "Новое обращение"

    def save(self, *args, **kwargs):
        if not self.due_date:
            self.due_date = answer_due(self.created_at)
        if self.reference:
            return super().save(*args, **kwargs)
        # Random numbers collide rarely; a collision is retried, not shown to the parent.
        for _attempt in range(20):
            self.reference = new_reference(timezone.localdate(self.created_at).year)
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if type(self).objects.filter(reference=self.reference).exists():
                    self.pk = None
                    continue
                raise
        raise IntegrityError("no free reference number")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def public_status(self) -> str:
        return PUBLIC_STATUS[Status(self.status)]


class StatusChange(models.Model):
    """One step of a request's workflow: who moved it, when, from which state to which."""

    request = models.ForeignKey(
        ConsultationRequest, verbose_name="Обращение", on_delete=models.CASCADE, related_name="history"
    )
    at = models.DateTimeField("Когда", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Кто", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The name at the time: the account may be renamed or deleted, the history must not change.
    user_name = models.CharField("Кто (имя)", max_length=200, blank=True)
    from_status = models.CharField("Было", max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField("Стало", max_length=20, choices=Status.choices)
    note = models.TextField("Комментарий", blank=True)

    class Meta:
        verbose_name = "Изменение состояния обращения"
        verbose_name_plural = "История обращений"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.request}: {self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class InternalNote(models.Model):
    """What staff write about a request for each other; the parent never sees it."""

    request = models.ForeignKey(
        ConsultationRequest, verbose_name="Обращение", on_delete=models.CASCADE, related_name="notes"
    )
    created_at = models.DateTimeField("Когда", default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Автор",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_name = models.CharField("Автор (имя)", max_length=200, blank=True)
    text = models.TextField("Заметка")

    class Meta:
        verbose_name = "Служебная заметка"
        verbose_name_plural = "Служебные заметки"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.request}: {self.text[:50]}"
