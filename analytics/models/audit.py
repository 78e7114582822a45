"""Who looked at which school-level analytics, and when (DESIGN.md "Access")."""

from django.conf import settings
from django.db import models


class AccessLog(models.Model):
    """One view, export, refusal or import of analytics data; written by the portal, never edited.

    Auditors read it in the Wagtail admin (analytics.wagtail_hooks), next to django-axes'
    record of failed sign-ins.
    """

    class Action(models.TextChoices):
        VIEW = "view", "Просмотр"
        EXPORT = "export", "Выгрузка"
        PDF = "pdf", "PDF"
        CHART = "chart", "Данные графика"
        RECOMPUTE = "recompute", "Пересчёт"
        DENIED = "denied", "Отказ в доступе"
        IMPORT = "import", "Импорт данных"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Кто", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(
        "Имя пользователя", max_length=150, help_text="Сохраняется и после удаления учётной записи."
    )
    created_at = models.DateTimeField("Когда", auto_now_add=True, db_index=True)
    action = models.CharField("Что сделано", max_length=10, choices=Action.choices)
    path = models.CharField("Адрес", max_length=500)
    object_ref = models.CharField("Объект", max_length=100, blank=True, help_text="Например, код школы.")
    rows = models.PositiveIntegerField("Строк", null=True, blank=True)
    ip_address = models.GenericIPAddressField(
        "IP-адрес",
        null=True,
        blank=True,
        db_index=True,
        help_text="Адрес, с которого пришёл запрос (за прокси — адрес посетителя, как у журнала входов).",
    )

    class Meta:
        verbose_name = "Обращение к аналитике"
        verbose_name_plural = "Журнал обращений к аналитике"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.username}: {self.get_action_display()} {self.path}"
