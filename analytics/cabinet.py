"""What the analytics app offers in «Мой кабинет», by the person's scope (analytics.access)."""

from django.urls import reverse

from base.cabinet import Entry

from .access import Level, scope_for

SECTION = "Аналитика"


def analytics_entries(user) -> list[Entry]:
    entries = _scoped_entries(user) + _programme_entries(user) + _survey_entries(user)
    from .admin_views import may_open_import_page

    if user.is_authenticated and may_open_import_page(user):
        entries.append(
            Entry(
                SECTION,
                "Загрузка данных",
                reverse("analytics_import"),
                "Результаты оценочных процедур, социальные данные, записи программы из файлов.",
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


def _programme_entries(user) -> list[Entry]:
    """The programme: monitoring for those who see lists, the records for those who keep them,
    and the schools worth asking for a practice for those who write the library."""
    from .sources import TITLE, may_see_practice_sources

    entries = []
    if scope_for(user).can_list:
        entries.append(
            Entry(
                SECTION,
                "Мониторинг программы",
                reverse("analytics:programme"),
                "Целевые показатели программы за год, кто не достиг и почему.",
                14,
            )
        )
    if user.is_authenticated and user.has_perm("analytics.change_programmeparticipation"):
        entries.append(
            Entry(
                SECTION,
                "Записи программы",
                reverse("wagtailsnippets_analytics_programmeparticipation:list"),
                "Участие школ, программы, соглашения, наставничество, повышение квалификации.",
                15,
            )
        )
    if may_see_practice_sources(user):
        entries.append(
            Entry(SECTION, TITLE, reverse("analytics_practice_sources"), "Чей опыт стоит описать в библиотеке.", 16)
        )
    return entries


def _survey_entries(user) -> list[Entry]:
    """Survey results and the schools' links, for everyone with a scope (a school leader hands
    out the links of their own school)."""
    if scope_for(user).level == Level.NONE:
        return []
    return [
        Entry(
            SECTION,
            "Анкетирование",
            reverse("analytics:surveys"),
            "Удовлетворённость родителей, дефициты педагогов, самодиагностика рисков; ссылки и QR-коды для школ.",
            17,
        )
    ]
