"""Files of the programme's records (issue 13): participation, school and municipal programmes,
partnership agreements, mentoring pairs, professional development and events.

Values of choice columns are written as people write them in Russian («утверждена», «ШНОР»,
«очная»); the stored codes are accepted too. The first spelling of each value is its label in
messages and on the import page. Each schema's key is the record's natural key: importing the
same rows again updates those records (``programme_writer``).
"""

from __future__ import annotations

from .columns import SCHOOL_CODE, YEAR, Column, Schema, choices, date, school, text

ROLES = choices(
    programme_school=(
        "школа — участник программы",
        "участник программы",
        "школа-участник",
        "участник",
        "школа — участник программы (ШНОР/ШФНСУ)",
    ),
    pilot_site=("пилотная площадка", "пилотная", "пилотная школа"),
    innovation_platform=("региональная инновационная площадка", "инновационная площадка", "РИП"),
    partner_school=(
        "школа-партнёр",
        "школа-партнёр (ресурсная школа)",
        "партнёр",
        "ресурсная школа",
        "ресурсная",
    ),
    internship_site=("стажировочная площадка", "стажировочная"),
)
CATEGORIES = choices(
    low_results=("ШНОР", "школа с низкими результатами", "низкие результаты"),
    unfavourable=("ШФНСУ", "неблагоприятные социальные условия", "неблагоприятные условия"),
    both=(
        "ШНОР и ШФНСУ",
        "ШФНСУ и ШНОР",
        "ШНОР, ШФНСУ",
        "ШНОР; ШФНСУ",
        "ШНОР/ШФНСУ",
        "ШНОР+ШФНСУ",
        "обе",
        "обе категории",
    ),
)
PROGRAMME_KINDS = choices(
    transition=(
        "программа перехода в эффективный режим работы",
        "переход в эффективный режим работы",
        "переход в эффективный режим",
        "программа перехода",
        "переход",
    ),
    quality=(
        "программа повышения качества образования",
        "повышение качества образования",
        "программа повышения качества",
        "повышение качества",
    ),
    anti_risk=("антирисковая программа", "антирисковая", "анти-рисковая программа", "программа по снижению риска"),
)
PROGRAMME_STATUSES = choices(
    draft=("черновик", "проект"),
    submitted=("представлена на согласование", "представлена", "на согласовании", "на согласование"),
    approved=("утверждена", "утверждено", "утв."),
    reported=("отчёт о реализации представлен", "отчёт представлен", "отчёт", "реализована"),
)
PARTNERSHIP_STATUSES = choices(
    draft=("проект", "черновик", "проект соглашения"),
    signed=("подписано, действует", "подписано", "действует", "заключено"),
    ended=("завершено", "истекло", "срок истёк"),
    terminated=("расторгнуто", "прекращено досрочно"),
)
STUDY_FORMS = choices(
    full_time=("очная", "очно"),
    blended=("очно-заочная", "очно-заочно"),
    distance=(
        "заочная с применением дистанционных технологий",
        "заочная",
        "дистанционная",
        "дистанционно",
        "с применением дистанционных технологий",
    ),
)
EVENT_LEVELS = choices(
    school=("школьное", "школьный", "школьного уровня"),
    municipal=("муниципальное", "муниципальный", "муниципального уровня"),
    regional=("региональное", "региональный", "регионального уровня"),
)

DATES = "Даты — в виде 01.03.2025 или 2025-03-01 (в книге XLSX годятся и ячейки-даты)."

PARTICIPATION = Schema(
    "participation",
    "Участие школ в программе",
    (
        SCHOOL_CODE,
        YEAR,
        Column(
            "role",
            "Статус в программе",
            "choice",
            aliases=("статус в программе", "статус", "роль", "роль в программе"),
            choices=ROLES,
            default="programme_school",
        ),
        Column("category", "Категория", "choice", aliases=("категория", "категория школы"), choices=CATEGORIES),
        text(
            "tutor",
            "Тьютор или эксперт-консультант",
            "тьютор",
            "эксперт-консультант",
            "тьютор (эксперт-консультант)",
            "куратор",
            max_length=200,
        ),
        date(
            "recommendations_on",
            "Рекомендации переданы",
            "дата рекомендаций",
            "рекомендации",
            "дата передачи рекомендаций",
        ),
        text("notes", "Примечания", "примечание"),
    ),
    key=("school_code", "year", "role"),
    scoped=True,
    hint=(
        "Статус в программе: «школа — участник программы» (если столбца нет или ячейка пуста), «пилотная "
        "площадка», «региональная инновационная площадка», «школа-партнёр», «стажировочная площадка». "
        "Категорию («ШНОР», «ШФНСУ» или «ШНОР и ШФНСУ») указывают только для школ — участников программы. " + DATES
    ),
)

SCHOOL_PROGRAMMES = Schema(
    "school_programmes",
    "Программы школ",
    (
        SCHOOL_CODE,
        Column(
            "kind",
            "Вид программы",
            "choice",
            required=True,
            not_empty=True,
            aliases=("вид программы", "вид", "тип программы", "программа"),
            choices=PROGRAMME_KINDS,
        ),
        Column("risk", "Риск", "risk", aliases=("риск", "код риска")),
        Column(
            "status",
            "Статус",
            "choice",
            aliases=("статус", "статус программы"),
            choices=PROGRAMME_STATUSES,
            default="draft",
        ),
        date("start_date", "Начало реализации", "начало", "дата начала", required=True),
        date("end_date", "Окончание реализации", "окончание", "дата окончания", required=True),
        date("approved_on", "Дата утверждения"),
    ),
    key=("school_code", "kind", "risk", "start_date"),
    scoped=True,
    hint=(
        "Вид: «программа перехода в эффективный режим работы», «программа повышения качества "
        "образования» или «антирисковая программа» — для неё риск (код или название из федерального "
        "перечня) обязателен. Статус: «черновик» (если ячейка пуста), «представлена на согласование», "
        "«утверждена», «отчёт о реализации представлен»; утверждённой программе нужна дата утверждения. " + DATES
    ),
)

MUNICIPAL_PROGRAMMES = Schema(
    "municipal_programmes",
    "Муниципальные программы поддержки школ",
    (
        Column(
            "municipality",
            "Муниципалитет",
            "municipality",
            required=True,
            not_empty=True,
            aliases=("муниципалитет", "муниципальное образование", "мо", "район", "код муниципалитета"),
        ),
        YEAR,
        text("title", "Название", "название программы", "наименование", max_length=300, required=True),
        date("approved_on", "Дата утверждения"),
    ),
    key=("municipality", "year", "title"),
    scoped=True,
    hint="Муниципалитет — название или код из реестра. " + DATES,
)

PARTNERSHIPS = Schema(
    "partnerships",
    "Соглашения о партнёрстве школ",
    (
        school(
            "low_school",
            "Поддерживаемая школа",
            "код поддерживаемой школы",
            "школа",
            "код школы",
            required=True,
        ),
        school("strong_school", "Школа-партнёр", "код школы-партнёра", "партнёр", "школа партнёр", required=True),
        text("agreement_number", "Номер соглашения", "номер", "№", "№ соглашения", max_length=50),
        Column(
            "status",
            "Статус",
            "choice",
            aliases=("статус", "статус соглашения"),
            choices=PARTNERSHIP_STATUSES,
            default="draft",
        ),
        date("start_date", "Дата начала", "начало", "дата заключения", required=True),
        date("end_date", "Дата окончания", "окончание", "срок действия до"),
        Column("directions", "Направления сотрудничества", "directions", aliases=("направления",)),
        text("notes", "Примечания", "примечание"),
    ),
    key=("low_school", "strong_school", "start_date"),
    scoped=True,
    hint=(
        "Школы — коды из реестра; школа-партнёр может быть из любого муниципалитета. Статус: «проект» "
        "(если ячейка пуста), «подписано, действует», «завершено», «расторгнуто». Направления — названия "
        "или коды направлений типовой формы через «;», например «management; mentoring». " + DATES
    ),
)

MENTORING = Schema(
    "mentoring",
    "Наставнические пары",
    (
        SCHOOL_CODE,
        text("mentor", "Наставник", "фио наставника", max_length=200, required=True),
        school("mentor_school", "Школа наставника", "код школы наставника"),
        text(
            "mentee",
            "Наставляемый педагог",
            "наставляемый",
            "фио наставляемого",
            "педагог",
            max_length=200,
            required=True,
        ),
        text("subject", "Предмет или направление", "предмет", "направление", max_length=200),
        date("start_date", "Начало", "дата начала", required=True),
        date("end_date", "Окончание", "дата окончания"),
    ),
    key=("school_code", "mentor", "mentee", "start_date"),
    scoped=True,
    hint="Школа наставника — код из реестра, если наставник из другой школы. " + DATES,
)

TRAINING = Schema(
    "training",
    "Повышение квалификации",
    (
        text("person", "Педагог", "фио", "фио педагога", "сотрудник", "табельный номер", max_length=200, required=True),
        text("position", "Должность", max_length=200),
        SCHOOL_CODE,
        text(
            "course",
            "Курс",
            "название курса",
            "программа курса",
            "программа повышения квалификации",
            max_length=300,
            required=True,
        ),
        Column(
            "hours",
            "Объём, часов",
            "int",
            required=True,
            not_empty=True,
            aliases=("часов", "часы", "объём", "объём часов", "количество часов"),
        ),
        Column("study_form", "Форма обучения", "choice", aliases=("форма обучения", "форма"), choices=STUDY_FORMS),
        date("completed_on", "Дата окончания", "окончание", "дата окончания курса", "дата завершения"),
        Column("year", "Год", "year", aliases=("год",)),
    ),
    key=("school_code", "year", "person", "course"),
    scoped=True,
    hint=(
        "Форма обучения: «очная», «очно-заочная», «заочная с применением дистанционных технологий». "
        "Год можно не указывать, если есть дата окончания курса: тогда это её год. " + DATES
    ),
)

PROGRAMME_EVENTS = Schema(
    "programme_events",
    "Мероприятия программы",
    (
        text("title", "Название", "мероприятие", "название мероприятия", "тема", max_length=300, required=True),
        date("date", "Дата", "дата проведения", required=True),
        Column(
            "hours",
            "Продолжительность, часов",
            "float",
            required=True,
            not_empty=True,
            aliases=("часов", "часы", "продолжительность", "объём, часов"),
        ),
        Column(
            "level",
            "Уровень",
            "choice",
            required=True,
            not_empty=True,
            aliases=("уровень", "уровень мероприятия"),
            choices=EVENT_LEVELS,
        ),
        school("host_school", "Школа-организатор", "код школы-организатора", "код школы", "школа", "организатор"),
        Column("municipality", "Муниципалитет", "municipality", aliases=("муниципалитет", "мо", "район")),
        Column(
            "is_exchange",
            "Обмен опытом",
            "bool",
            aliases=("обмен опытом", "обмен опытом между школами"),
            default=True,
        ),
        Column("participants", "Число участников", "int", aliases=("участников", "количество участников")),
    ),
    key=("title", "date", "host_school", "municipality"),
    scoped=True,
    hint=(
        "Уровень: «школьное» (нужна школа-организатор), «муниципальное» или «региональное». Муниципалитет "
        "можно не указывать, если указана школа-организатор: берётся её муниципалитет. «Обмен опытом» — "
        "«да» (если ячейка пуста) или «нет». " + DATES
    ),
)

PROGRAMME_SCHEMAS = {
    s.kind: s
    for s in (
        PARTICIPATION,
        SCHOOL_PROGRAMMES,
        MUNICIPAL_PROGRAMMES,
        PARTNERSHIPS,
        MENTORING,
        TRAINING,
        PROGRAMME_EVENTS,
    )
}
