"""The federal programme's ten school risk factors (METHODOLOGY.md, "Risk profile")."""

FEDERAL_RISKS = [
    ("low_equipment", "Низкий уровень оснащения школы"),
    ("teacher_shortage", "Дефицит педагогических кадров"),
    ("low_teacher_competence", "Недостаточная предметная и методическая компетентность педагогов"),
    ("low_adaptivity", "Низкая адаптивность обучения"),
    ("no_school_pd", "Отсутствие внутришкольной системы профессионального развития педагогов"),
    ("language_barriers", "Языковые и культурные барьеры"),
    ("weak_environment", "Пониженное качество школьной образовательной и воспитательной среды"),
    ("failure_risk_share", "Высокая доля обучающихся с рисками учебной неуспешности"),
    ("low_parental_involvement", "Низкая вовлечённость родителей"),
    ("low_motivation", "Пониженная учебная мотивация обучающихся"),
]


def seed_federal_risks(risk_model):
    """Create or rename the ten risks; the migration and the demo loader both call this."""
    for order, (code, name) in enumerate(FEDERAL_RISKS, start=1):
        risk_model.objects.update_or_create(code=code, defaults={"name": name, "order": order})
