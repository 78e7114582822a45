"""The service's figures for its supervisors: how many requests, about what, from where, how
fast they were answered, and how many are late now.

Counted over every request, anonymised ones included (``parents.retention`` keeps exactly
what these figures need), so purging personal data never changes a past month's numbers.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .choices import Status
from .models import ConsultationRequest

MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь"] + [
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]


@dataclass
class Figures:
    start: datetime.date
    end: datetime.date
    total: int = 0
    by_month: list[tuple[str, int]] = field(default_factory=list)
    by_topic: list[tuple[str, int]] = field(default_factory=list)
    by_municipality: list[tuple[str, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    answered: int = 0
    answered_late: int = 0
    median_days_to_answer: float | None = None
    overdue_now: int = 0
    open_now: int = 0

    def rows(self) -> list[tuple[str, str, object]]:
        """Every number as (section, label, value), for the CSV export."""
        rows = [
            ("Период", "с", self.start.strftime("%d.%m.%Y")),
            ("Период", "по", self.end.strftime("%d.%m.%Y")),
            ("Итого", "Обращений за период", self.total),
            ("Итого", "Дан ответ", self.answered),
            ("Итого", "Ответ позже срока", self.answered_late),
            (
                "Итого",
                "Медиана дней до ответа",
                self.median_days_to_answer if self.median_days_to_answer is not None else "",
            ),
            ("Сейчас", "Открытых обращений", self.open_now),
            ("Сейчас", "Просрочено", self.overdue_now),
        ]
        rows += [("По месяцам", label, count) for label, count in self.by_month]
        rows += [("По темам", label, count) for label, count in self.by_topic]
        rows += [("По муниципалитетам", label, count) for label, count in self.by_municipality]
        rows += [("По состоянию", label, count) for label, count in self.by_status]
        return rows


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last twelve whole months and the current one."""
    today = today or timezone.localdate()
    start = today.replace(day=1)
    for _ in range(12):
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    return start, today


def _bounds(start: datetime.date, end: datetime.date):
    zone = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    finish = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return begin, finish


def _months(start: datetime.date, end: datetime.date):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def compute(start: datetime.date, end: datetime.date, requests=None) -> Figures:
    requests = ConsultationRequest.objects.all() if requests is None else requests
    begin, finish = _bounds(start, end)
    period = requests.filter(created_at__gte=begin, created_at__lt=finish)
    figures = Figures(start=start, end=end, total=period.count())

    per_month = {
        row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]: row["count"]
        for row in period.annotate(month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(count=Count("pk"))
    }
    figures.by_month = [
        (f"{MONTHS[month.month - 1]} {month.year}", per_month.get(month, 0)) for month in _months(start, end)
    ]
    figures.by_topic = [
        (row["topic__name"], row["count"])
        for row in period.values("topic__name").annotate(count=Count("pk")).order_by("-count", "topic__name")
    ]
    figures.by_municipality = [
        (row["municipality__name"] or "Не указан", row["count"])
        for row in period.values("municipality__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "municipality__name")
    ]
    counts = dict(period.values_list("status").annotate(count=Count("pk")))
    figures.by_status = [(label, counts.get(value, 0)) for value, label in Status.choices]

    answered = list(period.filter(answered_at__isnull=False).values_list("created_at", "answered_at", "due_date"))
    figures.answered = len(answered)
    figures.answered_late = sum(1 for _created, at, due in answered if timezone.localdate(at) > due)
    if answered:
        days = [(at - created).total_seconds() / 86400 for created, at, _due in answered]
        figures.median_days_to_answer = round(statistics.median(days), 1)
    figures.open_now = requests.open().count()
    figures.overdue_now = requests.overdue().count()
    return figures
