"""Columns of each importable file: canonical names (METHODOLOGY.md "Interfaces"), Russian
labels for messages and templates, and the header aliases people actually write.
"""

from __future__ import annotations

from .columns import CODE_LENGTH, CODE_PATTERN, SCHOOL_CODE, YEAR, Column, Schema, choices, normalise_header
from .programme_schema import PROGRAMME_SCHEMAS

__all__ = ["CODE_LENGTH", "CODE_PATTERN", "SCHEMAS", "Column", "Schema", "normalise_header"]

ASSESSMENTS = choices(
    VPR=("ВПР",),
    OGE=("ОГЭ",),
    EGE=("ЕГЭ",),
    # Stored and shown, left out of the quality index unless its parameters name them.
    NIKO=("НИКО", "национальное исследование качества образования"),
    KDR=(
        "КДР",
        "региональная диагностическая работа",
        "региональная диагностическая работа (КДР)",
        "краевая диагностическая работа",
        "диагностическая работа",
    ),
    MOCK=("пробный экзамен", "пробный ОГЭ", "пробный ЕГЭ", "пробный", "пробное тестирование"),
)
LOCALITIES = {
    "urban": "urban",
    "городская": "urban",
    "город": "urban",
    "городская местность": "urban",
    "rural": "rural",
    "сельская": "rural",
    "село": "rural",
    "сельская местность": "rural",
}
LEVELS = {"low": "low", "низкий": "low", "medium": "medium", "средний": "medium", "high": "high", "высокий": "high"}
SUBJECTS = {
    "математика": "math",
    "русский язык": "russian",
    "русский": "russian",
    "история": "history",
    "обществознание": "social",
    "физика": "physics",
    "химия": "chemistry",
    "биология": "biology",
    "география": "geography",
    "информатика": "informatics",
    "английский язык": "english",
    "литература": "literature",
    "окружающий мир": "world",
}


def _share(name, label, *aliases, required=False):
    return Column(name, label, "share", required=required, aliases=aliases)


MUNICIPALITIES = Schema(
    "municipalities",
    "Муниципалитеты",
    (
        Column(
            "name",
            "Муниципалитет",
            "text",
            required=True,
            not_empty=True,
            aliases=("название", "муниципалитет"),
            max_length=200,
        ),
        Column("code", "Код муниципалитета", "text", aliases=("код", "код муниципалитета"), max_length=CODE_LENGTH),
    ),
    key=("name",),
)

SCHOOLS = Schema(
    "schools",
    "Школы",
    (
        Column(
            "code",
            "Код школы",
            "text",
            required=True,
            not_empty=True,
            aliases=("код школы", "код оо", "код"),
            max_length=CODE_LENGTH,
            pattern=CODE_PATTERN,
        ),
        Column(
            "name",
            "Название",
            "text",
            required=True,
            not_empty=True,
            aliases=("название", "наименование", "название школы", "наименование оо"),
            max_length=300,
        ),
        Column(
            "municipality",
            "Муниципалитет",
            "text",
            required=True,
            not_empty=True,
            aliases=("муниципалитет", "муниципальное образование", "мо", "район"),
            max_length=200,
        ),
        Column("locality", "Местность", "choice", aliases=("местность", "тип местности"), choices=LOCALITIES),
        Column("is_small", "Малокомплектная", "bool", aliases=("малокомплектная", "малокомплектная школа")),
        Column(
            "advanced_study",
            "Углублённое изучение",
            "bool",
            aliases=("углубленное изучение", "лицей, гимназия", "углубленное изучение предметов"),
        ),
        Column(
            "students",
            "Число обучающихся",
            "int",
            aliases=("число обучающихся", "численность обучающихся", "контингент"),
        ),
        Column("education_levels", "Уровни образования", "text", aliases=("уровни образования",), max_length=20),
    ),
    key=("code",),
)

RESULTS = Schema(
    "results",
    "Результаты оценочных процедур",
    (
        SCHOOL_CODE,
        YEAR,
        Column(
            "assessment",
            "Процедура",
            "choice",
            required=True,
            not_empty=True,
            aliases=("процедура", "оценочная процедура"),
            choices=ASSESSMENTS,
        ),
        Column("grade", "Класс", "int", required=True, not_empty=True, aliases=("класс", "параллель")),
        # Other subjects are allowed (METHODOLOGY.md "Inputs"): Russian names map to codes.
        Column("subject", "Предмет", "subject", required=True, not_empty=True, aliases=("предмет",), choices=SUBJECTS),
        Column(
            "participants",
            "Число участников",
            "int",
            required=True,
            not_empty=True,
            aliases=("число участников", "количество участников", "участников"),
        ),
        Column("mean_score", "Средний балл", "float", required=True, not_empty=True, aliases=("средний балл",)),
        Column("sd", "Стандартное отклонение", "float", aliases=("стандартное отклонение", "ско")),
        _share(
            "fail_share", "Доля не преодолевших минимум", "доля не преодолевших минимум", "доля неудовлетворительных"
        ),
        _share("marks_2", "Доля «2»", "доля 2", "доля отметок 2", "отметка 2"),
        _share("marks_3", "Доля «3»", "доля 3", "доля отметок 3", "отметка 3"),
        _share("marks_4", "Доля «4»", "доля 4", "доля отметок 4", "отметка 4"),
        _share("marks_5", "Доля «5»", "доля 5", "доля отметок 5", "отметка 5"),
        _share("lowered_share", "Понизили", "понизили", "доля понизивших"),
        _share("confirmed_share", "Подтвердили", "подтвердили", "доля подтвердивших"),
        _share("raised_share", "Повысили", "повысили", "доля повысивших"),
    ),
    key=("school_code", "year", "assessment", "grade", "subject"),
)

CONTEXT = Schema(
    "context",
    "Социальный контекст",
    (
        SCHOOL_CODE,
        YEAR,
        _share(
            "higher_education_share",
            "Доля семей с высшим образованием",
            "доля семей с высшим образованием",
            "высшее образование родителей",
            required=True,
        ),
        _share("single_parent_share", "Доля неполных семей", "доля неполных семей", "неполные семьи", required=True),
        _share("kdn_share", "Доля на учёте КДН", "доля на учете кдн", "кдн", "доля кдн", required=True),
        _share("large_family_share", "Доля многодетных семей", "доля многодетных семей", "многодетные семьи"),
        _share("unemployed_parent_share", "Доля безработных родителей", "доля безработных родителей"),
        _share("ovz_share", "Доля обучающихся с ОВЗ", "доля обучающихся с овз", "овз", "доля овз"),
        _share("non_native_share", "Доля неродной русский", "доля неродной русский", "русский не родной"),
    ),
    key=("school_code", "year"),
)

RISKS = Schema(
    "risks",
    "Рисковые профили",
    (
        SCHOOL_CODE,
        YEAR,
        Column("risk", "Риск", "text", required=True, not_empty=True, aliases=("риск", "код риска")),
        Column(
            "level",
            "Уровень",
            "choice",
            required=True,
            not_empty=True,
            aliases=("уровень", "уровень риска"),
            choices=LEVELS,
        ),
    ),
    key=("school_code", "year", "risk"),
)

DATA_SCHEMAS = {s.kind: s for s in (MUNICIPALITIES, SCHOOLS, RESULTS, CONTEXT, RISKS)}
SCHEMAS = {**DATA_SCHEMAS, **PROGRAMME_SCHEMAS}
