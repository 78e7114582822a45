"""What was imported and what was computed from it.

A ``ComputationRun`` stores the parameters and the fingerprint of its inputs beside its
results, so every group a page shows can be traced to the data and thresholds behind it.
"""

from django.conf import settings
from django.db import models

from registry.models import School

from ..methodology.parameters import Parameters


class ImportRecord(models.Model):
    """One successful import of a file (the command line or the admin)."""

    class Kind(models.TextChoices):
        MUNICIPALITIES = "municipalities", "Муниципалитеты"
        SCHOOLS = "schools", "Школы"
        RESULTS = "results", "Результаты"
        CONTEXT = "context", "Социальный контекст"
        RISKS = "risks", "Рисковые профили"
        PARTICIPATION = "participation", "Участие школ в программе"
        SCHOOL_PROGRAMMES = "school_programmes", "Программы школ"
        MUNICIPAL_PROGRAMMES = "municipal_programmes", "Муниципальные программы поддержки школ"
        PARTNERSHIPS = "partnerships", "Соглашения о партнёрстве школ"
        MENTORING = "mentoring", "Наставнические пары"
        TRAINING = "training", "Повышение квалификации"
        PROGRAMME_EVENTS = "programme_events", "Мероприятия программы"

    kind = models.CharField("Что загружено", max_length=40, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Кто", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField("Когда", auto_now_add=True)
    source = models.CharField("Откуда", max_length=20, default="command", help_text="command или admin.")
    file_name = models.CharField("Файл", max_length=300)
    sha256 = models.CharField("SHA-256 файла", max_length=64)
    rows = models.PositiveIntegerField("Строк", default=0)
    created = models.PositiveIntegerField("Создано", default=0)
    updated = models.PositiveIntegerField("Обновлено", default=0)
    note = models.TextField("Примечание", blank=True)

    class Meta:
        verbose_name = "Загрузка данных"
        verbose_name_plural = "Журнал загрузок"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.file_name} ({self.created_at:%d.%m.%Y %H:%M})"


class ComputationRun(models.Model):
    """One computation of the indices: queued by the recompute button (a background task,
    ``analytics.tasks``) or run at once by ``compute_indices`` and the demo loader."""

    class Status(models.TextChoices):
        QUEUED = "queued", "В очереди"
        RUNNING = "running", "Идёт расчёт"
        SUCCESS = "success", "Готово"
        FAILED = "failed", "Ошибка"

    # Queued or running: at most one such run at a time (the constraint below).
    ACTIVE = (Status.QUEUED, Status.RUNNING)

    started_at = models.DateTimeField("Начат")
    finished_at = models.DateTimeField("Завершён", null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Кто запустил", on_delete=models.SET_NULL, null=True, blank=True
    )
    status = models.CharField("Состояние", max_length=10, choices=Status.choices, default=Status.RUNNING)
    parameters = models.JSONField("Параметры методики", default=dict)
    input_fingerprint = models.CharField("Отпечаток входных данных", max_length=64, db_index=True)
    years = models.JSONField("Годы", default=list)
    engine_version = models.CharField("Версия методики", max_length=40)
    source = models.CharField("Источник", max_length=20, default="command")
    schools = models.PositiveIntegerField("Школ", default=0)
    result_rows = models.PositiveIntegerField("Строк исходных данных", default=0)
    error = models.TextField("Ошибка", blank=True)
    progress = models.PositiveSmallIntegerField("Выполнено, %", default=0)
    progress_note = models.CharField("Этап", max_length=100, blank=True)
    updated_at = models.DateTimeField(
        "Последняя отметка", auto_now=True, help_text="Когда расчёт в последний раз сообщал о себе."
    )
    task_id = models.CharField(
        "Задача в очереди", max_length=64, blank=True, help_text="Номер фоновой задачи, которая выполняет расчёт."
    )

    class Meta:
        verbose_name = "Расчёт индексов"
        verbose_name_plural = "Расчёты индексов"
        permissions = [("run_computation", "Может запускать расчёт индексов")]
        ordering = ["-started_at"]
        get_latest_by = "started_at"
        constraints = [
            # One computation at a time, decided by the database itself (a partial unique index
            # on a constant): a second queued or running run cannot be inserted, on PostgreSQL
            # and SQLite alike, however many requests race for it.
            models.UniqueConstraint(
                models.Value(1),
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_computation_run",
            ),
        ]

    def __str__(self):
        years = ", ".join(str(y) for y in self.years)
        return f"Расчёт от {self.started_at:%d.%m.%Y %H:%M} ({years})"

    @classmethod
    def latest_success(cls):
        """The latest successful run, or None: every page, export and report reads only this one."""
        return cls.objects.filter(status=cls.Status.SUCCESS).order_by("-started_at", "-pk").first()

    def engine_parameters(self) -> Parameters:
        """The thresholds the run was made with, so what it shows is judged by its own rules."""
        try:
            return Parameters.from_dict(self.parameters or {})
        except (TypeError, ValueError):
            return Parameters()


class SchoolYearResult(models.Model):
    """One row of METHODOLOGY.md "Output" for a school and year, as computed by a run."""

    run = models.ForeignKey(ComputationRun, verbose_name="Расчёт", on_delete=models.CASCADE, related_name="rows")
    school = models.ForeignKey(School, verbose_name="Школа", on_delete=models.CASCADE, related_name="indices")
    year = models.PositiveSmallIntegerField("Год")
    quality_index = models.FloatField("Индекс качества", null=True, blank=True)
    quality_se = models.FloatField("Стандартная ошибка индекса", null=True, blank=True)
    quality_z = models.FloatField("z индекса качества", null=True, blank=True)
    quality_group = models.PositiveSmallIntegerField("Группа по качеству", null=True, blank=True)
    low_results = models.BooleanField("ШНОР", default=False)
    stably_low = models.BooleanField("Устойчиво низкие результаты", default=False)
    rosobrnadzor_risk = models.BooleanField("Риск по показателю Рособрнадзора", default=False)
    quality_change = models.FloatField("Изменение индекса", null=True, blank=True)
    change_z = models.FloatField("z изменения", null=True, blank=True)
    trend = models.CharField("Динамика", max_length=10, blank=True)
    isbs = models.FloatField("ИСБШ", null=True, blank=True)
    isbs_z = models.FloatField("z ИСБШ", null=True, blank=True)
    isbs_group = models.PositiveSmallIntegerField("Группа по ИСБШ", null=True, blank=True)
    unfavourable = models.BooleanField("ШФНСУ", default=False)
    expected_quality = models.FloatField("Ожидаемый индекс качества", null=True, blank=True)
    residual_z = models.FloatField("z добавленной ценности", null=True, blank=True)
    effectiveness = models.CharField("Эффективность", max_length=12, blank=True)
    resilient = models.BooleanField("Резильентная", default=False)
    cluster = models.CharField("Контекстный кластер", max_length=30, blank=True)
    objectivity_flags = models.CharField("Сигналы необъективности ВПР", max_length=20, blank=True)

    class Meta:
        verbose_name = "Индексы школы за год"
        verbose_name_plural = "Индексы школ"
        # The staff pages read these results; who sees which schools is decided in analytics.access.
        permissions = [
            ("view_school_analytics", "Может видеть аналитику по школам (в своей области доступа)"),
            ("view_region", "Видит аналитику по всем школам региона"),
        ]
        ordering = ["school__code", "year"]
        constraints = [models.UniqueConstraint(fields=["run", "school", "year"], name="unique_run_school_year")]
        indexes = [models.Index(fields=["run", "year"])]

    def __str__(self):
        return f"{self.school.code} {self.year}"


class IndicatorResult(models.Model):
    """A kept indicator of METHODOLOGY.md section 1 steps 1-4: the passport's per-subject detail."""

    run = models.ForeignKey(ComputationRun, verbose_name="Расчёт", on_delete=models.CASCADE, related_name="indicators")
    school = models.ForeignKey(School, verbose_name="Школа", on_delete=models.CASCADE, related_name="indicator_indices")
    year = models.PositiveSmallIntegerField("Год")
    assessment = models.CharField("Процедура", max_length=3)
    grade = models.PositiveSmallIntegerField("Класс")
    subject = models.CharField("Предмет", max_length=40)
    participants = models.PositiveIntegerField("Число участников")
    mean_score = models.FloatField("Средний балл")
    regional_mean = models.FloatField("Среднее по региону")
    index = models.FloatField("Индекс показателя")
    se = models.FloatField("Стандартная ошибка")
    sd_used = models.FloatField("Использованное СКО", null=True, blank=True)
    sd_source = models.CharField("Источник СКО", max_length=20, blank=True)

    class Meta:
        verbose_name = "Индекс по показателю"
        verbose_name_plural = "Индексы по показателям"
        ordering = ["school__code", "year", "assessment", "grade", "subject"]
        indexes = [models.Index(fields=["run", "school"])]

    def __str__(self):
        return f"{self.school_id} {self.year} {self.assessment} {self.grade} {self.subject}"


class RegressionReport(models.Model):
    """The yearly ИСБШ regression (METHODOLOGY.md section 2 step 1), shown beside the results."""

    run = models.ForeignKey(ComputationRun, verbose_name="Расчёт", on_delete=models.CASCADE, related_name="regressions")
    year = models.PositiveSmallIntegerField("Год")
    fitted = models.BooleanField("Модель построена", default=False)
    n = models.PositiveIntegerField("N", default=0)
    r2 = models.FloatField("R²", null=True, blank=True)
    adj_r2 = models.FloatField("Скорректированный R²", null=True, blank=True)
    condition_number = models.FloatField("Число обусловленности", null=True, blank=True)
    weighted = models.BooleanField("Взвешенная (WLS)", default=False)
    note = models.TextField("Примечание", blank=True)
    coefficients = models.JSONField(
        "Коэффициенты", default=list, help_text="term, coef, std_err, t_value, p_value, vif по каждому фактору."
    )

    class Meta:
        verbose_name = "Регрессия ИСБШ"
        verbose_name_plural = "Регрессии ИСБШ"
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["run", "year"], name="unique_run_regression_year")]

    def __str__(self):
        return f"Регрессия ИСБШ {self.year}"


class GapResult(models.Model):
    """Gap between the best and the worst 10% of schools for one ОГЭ/ЕГЭ indicator (section 3)."""

    run = models.ForeignKey(ComputationRun, verbose_name="Расчёт", on_delete=models.CASCADE, related_name="gaps")
    year = models.PositiveSmallIntegerField("Год")
    assessment = models.CharField("Процедура", max_length=3)
    grade = models.PositiveSmallIntegerField("Класс")
    subject = models.CharField("Предмет", max_length=40)
    n_schools = models.PositiveIntegerField("Школ")
    n_tail = models.PositiveIntegerField("Школ в каждой из групп 10%")
    top_mean = models.FloatField("Средний балл лучших 10%")
    bottom_mean = models.FloatField("Средний балл худших 10%")
    gap = models.FloatField("Разрыв")
    previous_gap = models.FloatField("Разрыв в прошлом году", null=True, blank=True)
    gap_change_pct = models.FloatField("Изменение разрыва, %", null=True, blank=True)
    target_met = models.BooleanField("Цель достигнута", null=True, blank=True)

    class Meta:
        verbose_name = "Разрыв лучших и худших школ"
        verbose_name_plural = "Разрывы лучших и худших школ"
        ordering = ["year", "assessment", "grade", "subject"]

    def __str__(self):
        return f"{self.year} {self.assessment} {self.grade} {self.subject}"
