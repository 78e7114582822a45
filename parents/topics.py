"""The topics the regional programme names for the family consultation service.

Made by ``migrate`` (and again after ``flush``) when there are none, so a fresh install has a
working request form; editors rename, reorder or switch them off in the admin and are never
overridden, since this only runs on an empty list.
"""

DEFAULT_TOPICS = [
    ("Трудности в обучении", "Ребёнку тяжело даётся предмет, снизилась успеваемость, не хочет учиться."),
    ("Поведение и отношения", "Конфликты с одноклассниками и учителями, тревожность, адаптация к школе."),
    ("Подготовка к экзаменам", "ОГЭ, ЕГЭ, ВПР: как готовиться и как поддержать ребёнка."),
    ("Выбор образовательного маршрута", "Профиль обучения, колледж или 10 класс, дополнительное образование."),
    ("Дети с особыми образовательными потребностями", "ОВЗ, инвалидность, инклюзивное обучение, ПМПК."),
    ("Права ребёнка и семьи в школе", "Как решить вопрос со школой, куда обратиться."),
    ("Другое", "Если вопрос не подходит ни под одну тему."),
]


def ensure_default_topics() -> None:
    from .models import ConsultationTopic

    if ConsultationTopic.objects.exists():
        return
    ConsultationTopic.objects.bulk_create(
        ConsultationTopic(name=name, description=description, order=order * 10)
        for order, (name, description) in enumerate(DEFAULT_TOPICS, start=1)
    )
