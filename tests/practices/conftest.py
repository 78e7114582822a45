"""The library's sections, people in its roles, and one practice and one material to look at."""

import pytest

from base.roles import EXPERTS, METHODISTS
from tests.factories import library, users
from tests.factories.registry import SchoolFactory


@pytest.fixture
def practice_index(home):
    return library.practice_index()


@pytest.fixture
def material_index(home):
    return library.material_index()


@pytest.fixture
def methodist(db):
    return users.user_in(METHODISTS, username="methodist")


@pytest.fixture
def expert(db):
    return users.user_in(EXPERTS, username="expert")


@pytest.fixture
def superuser(db):
    return users.superuser(username="root")


@pytest.fixture
def material(material_index):
    """A published material with two DOCX files, for grades 5 and 6 in mathematics."""
    return library.make_material(
        "Рабочие листы по математике: дроби",
        summary="Двадцать листов с заданиями на сложение и сравнение дробей.",
        author="Петрова Анна Сергеевна",
        organisation="Школа № 1",
        year=2025,
        material_type="lesson-plan",
        grades=[5, 6],
        subjects=["mathematics"],
        audiences=["teachers"],
        files=[
            library.make_document("Рабочие листы", "worksheets.docx", "Сложите дроби с разными знаменателями."),
            library.make_document("Ответы", "answers.docx", "Ответы к рабочим листам."),
        ],
    )


@pytest.fixture
def practice(practice_index):
    """A published practice of a registry school, with steps, results and one attached file."""
    return library.make_practice(
        "Наставничество в начальной школе",
        summary="Опытные учителя ведут молодых коллег первый год работы.",
        school=SchoolFactory(name="Средняя школа № 7 села Заречье"),
        practice_type="management",
        levels=["noo"],
        subjects=["russian"],
        audiences=["teachers"],
        risks=["no_school_pd", "low_motivation"],
        year=2023,
        steps=[
            (
                "step",
                {
                    "title": "Подбор пар наставник — молодой учитель",
                    "text": "Завуч составляет пары.",
                    "duration": "август",
                },
            ),
            ("step", {"title": "Взаимные посещения уроков", "text": "Раз в две недели.", "duration": ""}),
        ],
        resources_needed="<p>Два часа в неделю у наставника.</p>",
        results=[
            ("indicator", {"indicator": "Доля «двоек» по ВПР", "before": "24%", "after": "11%", "period": "2022–2024"}),
        ],
        replication="<p>Начните с одной пары и общего плана посещений.</p>",
        contact_person="Сидорова Ольга Ивановна",
        contact_email="mentor@school7.example.ru",
        files=[library.make_document("План наставничества", "plan.docx", "План на учебный год.")],
    )
