"""The directions of cooperation of the standard partnership agreement form.

Production needs them from the first migration; a flushed test database loses them, so they
are seeded again after every migrate and flush (``AnalyticsConfig.ready``).
"""

DIRECTIONS = [
    ("management", "Консультирование управленческой команды"),
    ("assessment", "Консультирование заместителя директора по оценке образовательных результатов"),
    ("tutors", "Учителя-тьюторы для педагогов школы"),
    ("equipment", "Совместное использование оборудования"),
    ("seminars", "Совместные семинары"),
    ("associations", "Совместные методические объединения"),
    ("mentoring", "Наставничество"),
]


def seed_cooperation_directions(direction_model=None) -> None:
    """Create the missing directions; names an editor has changed are left alone."""
    if direction_model is None:
        from .models import CooperationDirection as direction_model
    for order, (code, name) in enumerate(DIRECTIONS):
        direction_model.objects.get_or_create(code=code, defaults={"name": name, "order": order})
