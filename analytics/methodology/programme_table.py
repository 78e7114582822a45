"""The regional programme's table of indicators, row by row (METHODOLOGY.md "Programme monitoring").

The programme judges itself by 24 indicators. The portal measures those its records can
carry; for every other row the catalogue says in Russian what would be needed, so the
monitoring page lists it as "not measured here" instead of leaving it out silently.

A measured row names its target either as a ``Parameters`` field (the thresholds
METHODOLOGY.md fixes, stored with each run) or as a value of its own (targets the
programme states, e.g. "every municipality with programme schools has a support
programme"); ``None`` means the programme sets no target for the row and the page shows the
value without a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

from .parameters import Parameters

SHARE = "share"
COUNT = "count"
INDEX = "index"

AT_LEAST = "at_least"
AT_MOST = "at_most"


@dataclass(frozen=True)
class ProgrammeRow:
    number: int
    title: str
    code: str | None = None
    unit: str = SHARE
    definition: str = ""
    target_param: str | None = None
    target_value: float | None = None
    direction: str = AT_LEAST
    why: str = ""

    @property
    def measured(self) -> bool:
        return self.code is not None

    def target(self, params: Parameters) -> float | None:
        if self.target_param:
            return float(getattr(params, self.target_param))
        return self.target_value


_NO_HEADCOUNT = (
    "нужна численность педагогов каждой школы; в реестре школ её нет, а записи о курсах и "
    "сообществах знают только тех, кто в них попал"
)

PROGRAMME_TABLE: tuple[ProgrammeRow, ...] = (
    ProgrammeRow(
        1,
        "Доля школ, для которых рассчитаны индекс качества подготовки и ИСБШ",
        "indices_computed",
        definition=(
            "Школы, у которых в выбранном году есть результаты оценочных процедур, и среди них те, "
            "для кого рассчитаны оба индекса: индекс качества подготовки и индекс социального "
            "благополучия (ИСБШ)."
        ),
        target_param="target_indices_computed",
    ),
    ProgrammeRow(
        2,
        "Доля школ — участников программы среди выявленных ШНОР и ШФНСУ",
        "programme_share_of_identified",
        definition=(
            "Школы, отнесённые расчётом выбранного года к ШНОР или ШФНСУ, и среди них те, что "
            "в этом году участвуют в программе (статус «Школа — участник программы»)."
        ),
        target_param="target_programme_share",
    ),
    ProgrammeRow(
        3,
        "Доля муниципалитетов, где есть школы — участники программы, с утверждённой "
        "муниципальной программой поддержки школ",
        "municipal_programme",
        definition=(
            "Муниципалитеты, в которых в выбранном году есть школы — участники программы, и среди "
            "них те, у кого на этот год есть муниципальная программа поддержки с датой утверждения."
        ),
        target_value=1.0,
    ),
    ProgrammeRow(
        4,
        "Доля школ — участников программы с утверждённой программой школы",
        "approved_programme",
        definition=(
            "Школы — участники программы, у которых на выбранный год действует утверждённая "
            "программа: перехода в эффективный режим работы, повышения качества образования или "
            "антирисковая (статус «Утверждена» или «Отчёт о реализации представлен»)."
        ),
        target_param="target_programme_school_share",
    ),
    ProgrammeRow(
        5,
        "Доля школ — участников программы, представивших отчёт о реализации программы за год",
        "programme_report",
        definition="Школы — участники программы, у программы которых есть отчёт о реализации за выбранный год.",
    ),
    ProgrammeRow(
        6,
        "Доля школ — участников программы с рисковым профилем",
        "risk_profile",
        definition=(
            "Школы — участники программы, для которых на выбранный год заполнен рисковый профиль "
            "(уровни рисков из федерального перечня)."
        ),
        target_param="target_programme_school_share",
    ),
    ProgrammeRow(
        7,
        "Доля школ — участников программы, за которыми закреплён тьютор или эксперт-консультант",
        "tutor_assigned",
        definition="Школы — участники программы, в записи об участии которых указан тьютор или эксперт-консультант.",
        target_param="target_programme_school_share",
    ),
    ProgrammeRow(
        8,
        "Доля школ — участников программы с действующим соглашением о партнёрстве со школой с высокими результатами",
        "active_partnership",
        definition=(
            "Школы — участники программы, у которых есть подписанное соглашение о партнёрстве "
            "(статус «Подписано, действует»), действующее хотя бы часть выбранного года."
        ),
        target_param="target_programme_school_share",
    ),
    ProgrammeRow(
        9,
        "Доля школ — участников программы, где действует хотя бы одна наставническая пара",
        "mentoring_pair",
        definition=(
            "Школы — участники программы, в которых хотя бы часть выбранного года действовала наставническая пара."
        ),
    ),
    ProgrammeRow(
        10,
        "Доля школ — участников программы, где не менее 5 педагогов прошли курсы повышения квалификации от 32 часов",
        "trained_staff",
        definition=(
            "Школы — участники программы, в которых за выбранный год не менее 5 разных педагогов "
            "окончили курс объёмом не менее 32 часов. Каждый педагог считается один раз, сколько "
            "бы курсов он ни окончил."
        ),
        target_param="target_programme_school_share",
    ),
    ProgrammeRow(
        11,
        "Доля педагогов школ — участников программы, прошедших диагностику профессиональных дефицитов",
        why=(
            "число педагогов, прошедших диагностику, видно в разделе «Анкетирование», но для доли нужна "
            "численность педагогов каждой школы; в реестре школ её нет"
        ),
    ),
    ProgrammeRow(
        12,
        "Доля педагогов школ — участников программы, включённых в профессиональные сообщества",
        why=_NO_HEADCOUNT,
    ),
    ProgrammeRow(
        13,
        "Доля школ — участников программы, на базе которых проведено мероприятие продолжительностью не менее 4 часов",
        "hosted_event",
        definition=(
            "Школы — участники программы, на базе которых в выбранном году прошло хотя бы одно "
            "мероприятие от 4 часов: из календаря мероприятий портала или из записей программы."
        ),
        target_param="target_programme_school_share",
    ),
    ProgrammeRow(
        14,
        "Количество региональных и муниципальных мероприятий по обмену опытом",
        "exchange_events",
        unit=COUNT,
        definition=(
            "Мероприятия по обмену опытом регионального и муниципального уровня, прошедшие в "
            "выбранном году: из календаря портала (отмеченные «Обмен опытом») и из записей "
            "программы. Мероприятие, записанное и там, и там, считается один раз."
        ),
        target_param="target_exchange_events",
    ),
    ProgrammeRow(
        15,
        "Доля школ — участников программы, получивших аналитические данные и адресные рекомендации",
        "recommendations_given",
        definition=(
            "Школы — участники программы, в записи об участии которых за выбранный год указана дата "
            "передачи рекомендаций."
        ),
        target_param="target_programme_school_share",
    ),
    ProgrammeRow(
        16,
        "Доля ШНОР — участников программы прошлого года, вышедших из числа ШНОР",
        "left_low_results",
        definition=(
            "Школы, которые в прошлом году были ШНОР и участвовали в программе, и среди них те, "
            "что в выбранном году по расчёту уже не ШНОР. Школы без индекса качества в выбранном "
            "году не учитываются: о них судить нельзя."
        ),
    ),
    ProgrammeRow(
        17,
        "Изменение разрыва средних баллов ОГЭ и ЕГЭ между 10% лучших и 10% худших школ",
        "gap_reduction",
        unit=INDEX,
        definition=(
            "Среднее по показателям ОГЭ и ЕГЭ (математика, русский язык) изменение разрыва между "
            "средними баллами 10% лучших и 10% худших школ к прошлому году, в процентах. Цель "
            "достигнута, когда разрыв сокращается не менее чем на 0,3%. Считается по всему региону."
        ),
        target_param="gap_target_pct",
        direction=AT_MOST,
    ),
    ProgrammeRow(
        18,
        "Укомплектованность школ — участников программы педагогическими кадрами",
        why="нужны сведения о вакансиях и укомплектованности кадрами (форма ОО-1); портал их не загружает",
    ),
    ProgrammeRow(
        19,
        "Доля школ — участников программы, обновивших материально-техническую базу",
        why="нужны данные об оснащении школ; портал их не загружает",
    ),
    ProgrammeRow(
        20,
        "Доля обучающихся школ — участников программы, охваченных дополнительным образованием",
        why="нужна численность обучающихся в дополнительном образовании по школам; портал её не загружает",
    ),
    ProgrammeRow(
        21,
        "Доля выпускников 9 и 11 классов школ — участников программы, получивших аттестат",
        why="нужны итоги выдачи аттестатов по школам; портал загружает результаты оценочных процедур, но не аттестаты",
    ),
    ProgrammeRow(
        22,
        "Доля обучающихся группы риска учебной неуспешности с индивидуальным образовательным маршрутом",
        why="нужны сведения об индивидуальных маршрутах обучающихся; портал хранит только итоги по школе",
    ),
    ProgrammeRow(
        23,
        "Удовлетворённость родителей качеством образования в школах — участниках программы",
        "parent_satisfaction",
        definition=(
            "Доля удовлетворённых качеством образования среди родителей, ответивших на анкету "
            "удовлетворённости в выбранном году, по всем школам — участникам программы, где ответили "
            "не меньше 5 родителей. Школы с меньшим числом ответов не учитываются: по ним судить нельзя, "
            "они названы среди не достигших цели."
        ),
        target_param="target_parent_satisfaction",
    ),
    ProgrammeRow(
        24,
        "Доля педагогов школ — участников программы, прошедших повышение квалификации",
        why=_NO_HEADCOUNT,
    ),
)

ROWS_BY_CODE = {row.code: row for row in PROGRAMME_TABLE if row.code}
MEASURED_CODES = tuple(ROWS_BY_CODE)


def not_measured() -> list[ProgrammeRow]:
    return [row for row in PROGRAMME_TABLE if not row.measured]
