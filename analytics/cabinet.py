"""What the analytics app offers in «Мой кабинет», by the person's scope (analytics.access)."""

from django.urls import reverse

from base.cabinet import Entry

from .access import Level, scope_for

SECTION = "Аналитика"


def analytics_entries(user) -> list[Entry]:
    entries = _scoped_entries(user)
    from .admin_views import may_open_import_page

    if user.is_authenticated and may_open_import_page(user):
        entries.append(
            Entry(
                SECTION,
                "Загрузка данных",
                reverse("analytics_import"),
                "Результаты оценочных процедур, социальные данные.",
                13,
            )
        )
    return entries


def _scoped_entries(user) -> list[Entry]:
    scope = scope_for(user)
    if scope.level == Level.REGION:
        return [
            Entry(SECTION, "Аналитика региона", reverse("analytics:dashboard"), "Индексы школ, группы, тренды.", 10),
            Entry(SECTION, "Школы", reverse("analytics:schools"), "Список школ с фильтрами и выгрузкой.", 11),
            Entry(SECTION, "Расчёты", reverse("analytics:runs"), "История расчётов индексов, пересчёт.", 12),
        ]
    if scope.level == Level.MUNICIPALITY:
        return [
            Entry(
                SECTION,
                "Мой муниципалитет",
                reverse("analytics:municipality", args=[scope.municipality_id]),
                "Школы муниципалитета, их индексы и группы.",
                10,
            ),
            Entry(SECTION, "Школы муниципалитета", reverse("analytics:schools"), "Список с фильтрами и выгрузкой.", 11),
        ]
    if scope.level == Level.SCHOOL:
        school = scope.schools().first()
        if school is None:
            return []
        return [
            Entry(
                SECTION,
                "Паспорт моей школы",
                reverse("analytics:school", args=[school.code]),
                f"{school.name}: индексы по годам, группы, рекомендации.",
                10,
            )
        ]
    return []
