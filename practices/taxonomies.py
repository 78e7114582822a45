"""The library's starting vocabularies; editors extend them under «Справочники».

Seeded by a migration and again by the demo loader (a database emptied by `flush` keeps the
tables but not the migration's rows).
"""

SUBJECTS = [
    ("russian", "Русский язык"),
    ("literature", "Литература"),
    ("mathematics", "Математика"),
    ("informatics", "Информатика"),
    ("physics", "Физика"),
    ("chemistry", "Химия"),
    ("biology", "Биология"),
    ("geography", "География"),
    ("history", "История"),
    ("social-studies", "Обществознание"),
    ("english", "Иностранный язык (английский)"),
    ("primary", "Предметы начальной школы"),
]
LEVELS = [
    ("noo", "Начальное общее образование", "НОО", range(1, 5)),
    ("ooo", "Основное общее образование", "ООО", range(5, 10)),
    ("soo", "Среднее общее образование", "СОО", range(10, 12)),
]
AUDIENCES = [
    ("teachers", "Учителям"),
    ("school-leaders", "Руководителям школ"),
    ("methodists", "Методистам"),
    ("class-teachers", "Классным руководителям"),
    ("psychologists", "Педагогам-психологам"),
    ("parents", "Родителям"),
]
MATERIAL_TYPES = [
    ("guidelines", "Методические рекомендации"),
    ("manual", "Пособие"),
    ("lesson-plan", "Конспект урока"),
    ("diagnostic-test", "Диагностическая работа"),
    ("pd-programme", "Программа повышения квалификации"),
    ("presentation", "Презентация"),
    ("video", "Видеоматериал"),
    ("document-template", "Шаблон документа"),
]
PRACTICE_TYPES = [
    ("teaching", "Обучение"),
    ("management", "Управление"),
    ("upbringing", "Воспитание"),
    ("families", "Работа с семьями"),
]


def seed_taxonomies(apps):
    """`apps` is the migration state or django.apps.apps: anything with get_model()."""

    def ensure(model_name, rows):
        model = apps.get_model("practices", model_name)
        for order, (slug, name) in enumerate(rows, start=1):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})

    ensure("Subject", SUBJECTS)
    ensure("Audience", AUDIENCES)
    ensure("MaterialType", MATERIAL_TYPES)
    ensure("PracticeType", PRACTICE_TYPES)
    level_model = apps.get_model("practices", "EducationLevel")
    grade_model = apps.get_model("practices", "Grade")
    for order, (slug, name, short_name, grades) in enumerate(LEVELS, start=1):
        level, _ = level_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "short_name": short_name, "order": order}
        )
        for number in grades:
            grade_model.objects.get_or_create(number=number, defaults={"level": level})
