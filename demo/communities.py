"""Demo communities and calendar (run by `load_demo` after the site tree, the region and the library).

Six communities made of registry schools, and about forty events from three months ago to
three months ahead of the day the demo is loaded (``timezone.localdate()``), so the calendar
is never stale: weekly and monthly series with a skipped date, one cancelled and one moved
event, webinars, lectures for parents, an event in another time zone, past events with files
and recordings, full events and one with a waiting list. Every page is looked up by slug
first and registrations are made only for an occurrence that has none, so running the
step again changes nothing.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Collection

from base.consent import consent_record
from communities.models import (
    CommunityIndexPage,
    CommunityMaterial,
    CommunityPage,
    EventIndexPage,
    EventMaterial,
    EventOccurrence,
    EventPage,
    EventSpeaker,
    Registration,
    SchoolMembership,
    SkippedDate,
)
from practices.models import Audience, MaterialPage, PracticePage, Subject
from registry.models import Municipality, School

from .library import make_document
from .library_files import docx_bytes, pdf_bytes
from .site import consent_page, rich

MOSCOW = ZoneInfo("Europe/Moscow")
PLACE = "г. Энск, ул. Просвещения, д. 12, Региональный институт развития образования"
WEBINAR_ROOM = "https://webinar.iro.example.ru/room/"
RECORDINGS = "https://video.iro.example.ru/watch/"

PEOPLE = [
    ("Иванова Мария Сергеевна", "учитель математики"),
    ("Петров Алексей Николаевич", "учитель физики"),
    ("Смирнова Ольга Викторовна", "учитель русского языка и литературы"),
    ("Кузнецова Анна Игоревна", "учитель начальных классов"),
    ("Васильев Дмитрий Андреевич", "заместитель директора по УВР"),
    ("Попова Елена Павловна", "педагог-психолог"),
    ("Соколов Игорь Владимирович", "директор"),
    ("Морозова Татьяна Юрьевна", "учитель английского языка"),
    ("Новикова Светлана Олеговна", "учитель математики"),
    ("Фёдоров Павел Михайлович", "учитель истории"),
    ("Волкова Наталья Александровна", "классный руководитель"),
    ("Лебедева Ирина Геннадьевна", "учитель биологии"),
]


@dataclass
class Spec:
    slug: str
    title: str
    kind: str
    day: int  # days from today (negative: past)
    hour: int = 15
    minutes: int = 120
    community: str = ""
    summary: str = ""
    format: str = EventPage.Format.IN_PERSON
    audiences: tuple = ("teachers",)
    subjects: tuple = ()
    hours: str = "2"
    capacity: int | None = 40
    exchange: bool = False
    host_school: bool = False
    repeat: str = EventPage.Repeat.ONCE
    repeat_days: int = 0  # the series ends this many days after its first date
    skip_weeks: tuple = ()  # occurrences (by number in the series) that do not take place
    status: str = EventPage.Status.SCHEDULED
    status_note: str = ""
    zone: str = "Europe/Moscow"
    speakers: tuple = ()
    materials: tuple = ()  # titles of files attached (made as DOCX/PDF)
    recording: bool = False
    registrations: int = 0  # confirmed registrations made on the (first upcoming or past) occurrence
    waiting: int = 0
    registration_required: bool = True
    description: str = ""
    agenda: tuple = field(default_factory=tuple)


COMMUNITIES = [
    {
        "slug": "mmo-matematika",
        "title": "Муниципальное методическое объединение учителей математики",
        "kind": CommunityPage.Kind.MUNICIPAL_ASSOCIATION,
        "subjects": ["mathematics"],
        "municipality": 0,
        "summary": "Учителя математики района: разбор трудных заданий ОГЭ и ЕГЭ, взаимопосещение уроков.",
        "text": [
            "Объединение работает с 2019 года. Раз в месяц учителя разбирают задания, на которых ученики "
            "района теряют больше всего баллов, и договариваются о приёмах, которые попробуют на уроках.",
            "Школы-участники программы поддержки получают в объединении наставника из школы с высокими "
            "результатами. Вступить может любой учитель математики района: напишите координатору.",
        ],
        "coordinator": ("Белова Наталья Сергеевна", "руководитель ММО, учитель математики высшей категории"),
        "schools": (0, 7),
        "library": ("mathematics", 3),
    },
    {
        "slug": "mmo-russkiy-yazyk",
        "title": "Муниципальное методическое объединение учителей русского языка и литературы",
        "kind": CommunityPage.Kind.MUNICIPAL_ASSOCIATION,
        "subjects": ["russian", "literature"],
        "municipality": 1,
        "summary": "Смысловое чтение, подготовка к итоговому сочинению, работа со слабочитающими учениками.",
        "text": [
            "Объединение собирает учителей русского языка и литературы района. В этом году главная тема — "
            "смысловое чтение во всех классах основной школы.",
            "Заседания проходят на базе школ-участников по очереди; материалы заседаний публикуются здесь.",
        ],
        "coordinator": ("Громова Ирина Петровна", "руководитель ММО, учитель русского языка"),
        "schools": (1, 6),
        "library": ("russian", 3),
    },
    {
        "slug": "formiruyushchee-otsenivanie",
        "title": "Сетевое сообщество «Формирующее оценивание»",
        "kind": CommunityPage.Kind.NETWORK,
        "subjects": [],
        "municipality": None,
        "summary": "Учителя разных предметов из школ всего региона осваивают приёмы формирующего оценивания.",
        "text": [
            "Сообщество объединяет учителей, которые хотят, чтобы оценка помогала ученику учиться, а не только "
            "фиксировала результат. Встречи онлайн раз в две недели, очные мастер-классы — раз в четверть.",
            "Каждый участник ведёт небольшое исследование на своих уроках и делится результатами с коллегами.",
        ],
        "coordinator": ("Ковалёва Марина Андреевна", "методист регионального института развития образования"),
        "schools": (None, 10),
        "library": ("", 4),
    },
    {
        "slug": "uchimsya-chitat",
        "title": "Сетевое сообщество учителей начальных классов «Учимся читать»",
        "kind": CommunityPage.Kind.NETWORK,
        "subjects": ["primary"],
        "municipality": None,
        "summary": "Техника и понимание чтения в 1–4 классах; работа с детьми, для которых русский язык не родной.",
        "text": [
            "Учителя начальных классов школ региона обмениваются приёмами обучения чтению и диагностическими "
            "материалами. Особое внимание — детям-инофонам и ученикам с трудностями в обучении.",
        ],
        "coordinator": ("Егорова Светлана Викторовна", "учитель начальных классов, наставник"),
        "schools": (None, 8),
        "library": ("primary", 3),
    },
    {
        "slug": "klub-rukovoditeley",
        "title": "Клуб руководителей школ «Управление изменениями»",
        "kind": CommunityPage.Kind.LEADERS_CLUB,
        "subjects": [],
        "municipality": None,
        "summary": "Директора и заместители школ программы: программы перехода в эффективный режим, партнёрство школ.",
        "text": [
            "Клуб собирает руководителей школ, участвующих в программе поддержки, и их коллег из школ-партнёров. "
            "Заседания проходят каждый месяц во второй вторник; между ними — стажировки в сильных школах.",
            "Темы: анализ результатов, школьная программа перехода в эффективный режим, внутришкольная система "
            "профессионального развития, работа с семьями.",
        ],
        "coordinator": ("Орлов Виктор Иванович", "проректор регионального института развития образования"),
        "schools": (None, 12),
        "library": ("management", 3),
    },
    {
        "slug": "problemnaya-gruppa-motivatsiya",
        "title": "Проблемная группа «Мотивация к учению в основной школе»",
        "kind": CommunityPage.Kind.PROBLEM_GROUP,
        "subjects": ["mathematics", "physics", "biology"],
        "municipality": None,
        "summary": "Педагоги и психологи ищут, как вернуть интерес к учёбе ученикам 7–9 классов.",
        "text": [
            "Группа работает над одним из рисков, чаще всего выявляемых в школах программы, — низкой учебной "
            "мотивацией. Участники пробуют проектные задачи и новые формы внеурочной работы и вместе анализируют "
            "результаты анкетирования учеников.",
        ],
        "coordinator": ("Зайцева Ольга Николаевна", "педагог-психолог, кандидат психологических наук"),
        "schools": (None, 6),
        "library": ("", 3),
    },
]

TEACHERS = ("teachers",)
LEADERS = ("school-leaders",)
PARENTS = ("parents",)

EVENTS = [
    # --- series -----------------------------------------------------------------------------
    Spec(
        "shkola-molodogo-uchitelya",
        "Школа молодого учителя: практикум по управлению классом",
        EventPage.Kind.SEMINAR,
        day=-35,
        hour=16,
        minutes=90,
        community="formiruyushchee-otsenivanie",
        summary="Еженедельный практикум для учителей со стажем до трёх лет: дисциплина, темп урока, обратная связь.",
        repeat=EventPage.Repeat.WEEKLY,
        repeat_days=84,
        skip_weeks=(7,),
        hours="1.5",
        capacity=20,
        registrations=6,
        speakers=(("Ковалёва Марина Андреевна", "методист РИРО", "Управление классом без крика"),),
        description="Каждое занятие — разбор одной трудной ситуации из практики участников и приём, который можно "
        "применить на следующий день.",
    ),
    Spec(
        "zasedanie-kluba-rukovoditeley",
        "Заседание клуба руководителей школ",
        EventPage.Kind.ROUND_TABLE,
        day=-90,
        hour=14,
        minutes=150,
        community="klub-rukovoditeley",
        summary="Ежемесячное заседание: разбор школьных программ перехода в эффективный режим.",
        audiences=LEADERS,
        repeat=EventPage.Repeat.MONTHLY_BY_WEEKDAY,
        repeat_days=185,
        hours="2.5",
        capacity=30,
        exchange=True,
        registrations=4,
    ),
    Spec(
        "roditelskiy-vebinar",
        "Вебинар для родителей: как помочь ребёнку учиться",
        EventPage.Kind.LECTURE,
        day=-60,
        hour=19,
        minutes=60,
        summary="Ежемесячная онлайн-встреча родителей с педагогами-психологами консультационной службы.",
        format=EventPage.Format.ONLINE,
        audiences=PARENTS,
        repeat=EventPage.Repeat.MONTHLY_BY_WEEKDAY,
        repeat_days=150,
        hours="0",
        capacity=None,
        speakers=(("Попова Елена Павловна", "педагог-психолог консультационной службы", ""),),
    ),
    # --- past events with materials and recordings ----------------------------------------------
    Spec(
        "seminar-oge-matematika",
        "Семинар «Трудные задания ОГЭ по математике: что показал анализ результатов»",
        EventPage.Kind.SEMINAR,
        day=-80,
        community="mmo-matematika",
        subjects=("mathematics",),
        summary="Разбор заданий второй части ОГЭ, на которых ученики района теряют больше всего баллов.",
        materials=("Презентация: анализ результатов ОГЭ по математике", "Подборка заданий для отработки"),
        recording=True,
        exchange=True,
        host_school=True,
        hours="3",
        minutes=180,
        registrations=18,
        speakers=(("Белова Наталья Сергеевна", "руководитель ММО", "Итоги ОГЭ в районе"),),
    ),
    Spec(
        "vebinar-formiruyushchee-otsenivanie",
        "Вебинар «Критерии оценивания, понятные ученику»",
        EventPage.Kind.WEBINAR,
        day=-70,
        hour=16,
        minutes=90,
        community="formiruyushchee-otsenivanie",
        format=EventPage.Format.ONLINE,
        summary="Как составить критерии вместе с классом и пользоваться ими на каждом уроке.",
        materials=("Памятка: критерии оценивания",),
        recording=True,
        hours="1.5",
        capacity=100,
        registrations=12,
    ),
    Spec(
        "master-klass-smyslovoe-chtenie",
        "Мастер-класс «Смысловое чтение на уроках литературы в 7 классе»",
        EventPage.Kind.MASTER_CLASS,
        day=-62,
        hour=13,
        minutes=180,
        community="mmo-russkiy-yazyk",
        subjects=("literature", "russian"),
        materials=("Конспект урока с приёмами смыслового чтения",),
        host_school=True,
        exchange=True,
        hours="3",
        registrations=9,
    ),
    Spec(
        "stazhirovka-gimnaziya",
        "Стажировка «Внутришкольная система профессионального развития учителей»",
        EventPage.Kind.INTERNSHIP,
        day=-55,
        hour=9,
        minutes=60 * 8,
        community="klub-rukovoditeley",
        audiences=LEADERS,
        summary="Однодневная стажировка заместителей директоров в школе с устойчиво высокими результатами.",
        materials=("Программа стажировки", "Положение о внутришкольном наставничестве"),
        host_school=True,
        exchange=True,
        hours="8",
        capacity=12,
        registrations=12,
    ),
    Spec(
        "konferentsiya-itogi",
        "Региональная конференция «Школы, которые меняются: итоги полугодия»",
        EventPage.Kind.CONFERENCE,
        day=-45,
        hour=10,
        minutes=60 * 6,
        format=EventPage.Format.MIXED,
        audiences=("teachers", "school-leaders", "methodists"),
        summary="Школы программы рассказывают, что изменилось за полгода и какие практики сработали.",
        materials=("Сборник тезисов конференции",),
        recording=True,
        exchange=True,
        hours="6",
        capacity=150,
        registrations=25,
    ),
    Spec(
        "lektsiya-roditeli-trevozhnost",
        "Лекция для родителей «Тревожность перед экзаменами: как поддержать подростка»",
        EventPage.Kind.LECTURE,
        day=-40,
        hour=18,
        minutes=90,
        format=EventPage.Format.ONLINE,
        audiences=PARENTS,
        recording=True,
        hours="0",
        capacity=None,
    ),
    Spec(
        "metodicheskiy-den-nachalnaya-shkola",
        "Методический день учителей начальных классов",
        EventPage.Kind.METHODOLOGICAL_DAY,
        day=-30,
        hour=10,
        minutes=300,
        community="uchimsya-chitat",
        subjects=("primary",),
        materials=("Диагностика техники чтения: бланки и инструкция",),
        host_school=True,
        exchange=True,
        hours="5",
        registrations=15,
    ),
    Spec(
        "kruglyy-stol-motivatsiya",
        "Круглый стол «Что мешает семикласснику учиться: результаты анкетирования»",
        EventPage.Kind.ROUND_TABLE,
        day=-24,
        hour=15,
        community="problemnaya-gruppa-motivatsiya",
        audiences=("teachers", "psychologists"),
        materials=("Результаты анкетирования учеников 7 классов",),
        hours="2",
        registrations=10,
    ),
    Spec(
        "seminar-inofony",
        "Семинар «Дети-инофоны в начальной школе: первые полгода»",
        EventPage.Kind.SEMINAR,
        day=-17,
        hour=14,
        community="uchimsya-chitat",
        subjects=("primary", "russian"),
        hours="2",
        registrations=8,
    ),
    Spec(
        "vebinar-proekty-fizika",
        "Вебинар «Проектные задачи по физике для 8 класса»",
        EventPage.Kind.WEBINAR,
        day=-10,
        hour=16,
        minutes=90,
        community="problemnaya-gruppa-motivatsiya",
        subjects=("physics",),
        format=EventPage.Format.ONLINE,
        recording=True,
        hours="1.5",
        capacity=80,
        registrations=7,
    ),
    Spec(
        "seminar-vpr",
        "Семинар «Работа с результатами ВПР»",
        EventPage.Kind.SEMINAR,
        day=-5,
        hour=15,
        community="mmo-matematika",
        subjects=("mathematics",),
        hours="2",
        registrations=6,
    ),
    Spec(
        "lektsiya-roditeli-podrostok",
        "Лекция для родителей «Как договориться с подростком об учёбе»",
        EventPage.Kind.LECTURE,
        day=-85,
        hour=19,
        minutes=60,
        format=EventPage.Format.ONLINE,
        audiences=PARENTS,
        recording=True,
        hours="0",
        capacity=None,
    ),
    Spec(
        "seminar-finansovaya-gramotnost",
        "Семинар «Финансовая грамотность в курсе обществознания»",
        EventPage.Kind.SEMINAR,
        day=-75,
        hour=14,
        subjects=("social-studies",),
        materials=("Задания по финансовой грамотности для 8–9 классов",),
        hours="2",
        registrations=11,
    ),
    Spec(
        "vebinar-elektronnyy-zhurnal",
        "Вебинар «Электронный журнал как инструмент анализа успеваемости»",
        EventPage.Kind.WEBINAR,
        day=-50,
        hour=15,
        minutes=90,
        community="klub-rukovoditeley",
        format=EventPage.Format.ONLINE,
        audiences=LEADERS,
        recording=True,
        hours="1.5",
        capacity=None,
    ),
    Spec(
        "master-klass-himiya",
        "Мастер-класс «Лабораторные работы по химии на простом оборудовании»",
        EventPage.Kind.MASTER_CLASS,
        day=-20,
        hour=13,
        minutes=150,
        community="problemnaya-gruppa-motivatsiya",
        subjects=("chemistry",),
        materials=("Инструкции к лабораторным работам",),
        host_school=True,
        exchange=True,
        hours="2.5",
        capacity=15,
        registrations=15,
    ),
    # --- coming events -------------------------------------------------------------------------
    Spec(
        "seminar-vpr-russkiy",
        "Семинар «Подготовка к ВПР по русскому языку в 5 классе»",
        EventPage.Kind.SEMINAR,
        day=13,
        hour=15,
        community="mmo-russkiy-yazyk",
        subjects=("russian",),
        hours="2",
        registrations=6,
    ),
    Spec(
        "vebinar-individualnyy-marshrut",
        "Вебинар «Индивидуальный маршрут ученика с трудностями в математике»",
        EventPage.Kind.WEBINAR,
        day=26,
        hour=16,
        minutes=90,
        community="mmo-matematika",
        format=EventPage.Format.ONLINE,
        subjects=("mathematics",),
        hours="1.5",
        capacity=100,
        registrations=4,
    ),
    Spec(
        "stazhirovka-upravlenie",
        "Стажировка «Управление школой в неблагоприятных социальных условиях»",
        EventPage.Kind.INTERNSHIP,
        day=40,
        hour=9,
        minutes=60 * 8,
        community="klub-rukovoditeley",
        audiences=LEADERS,
        host_school=True,
        exchange=True,
        hours="8",
        capacity=10,
    ),
    Spec(
        "seminar-geografiya",
        "Семинар «Работа с картой на уроках географии»",
        EventPage.Kind.SEMINAR,
        day=88,
        hour=15,
        subjects=("geography",),
        hours="2",
    ),
    # --- coming events (continued) --------------------------------------------------------------
    Spec(
        "mezhregionalnaya-konferentsiya-ekaterinburg",
        "Межрегиональная онлайн-конференция «Поддержка школ с низкими результатами: опыт Урала»",
        EventPage.Kind.CONFERENCE,
        day=3,
        hour=11,
        minutes=240,
        format=EventPage.Format.ONLINE,
        zone="Asia/Yekaterinburg",
        audiences=("teachers", "school-leaders", "methodists"),
        summary="Коллеги из Свердловской области рассказывают о своей программе; время начала — по Екатеринбургу.",
        hours="4",
        capacity=300,
        exchange=True,
        registrations=20,
    ),
    Spec(
        "master-klass-otkrytye-zadachi",
        "Мастер-класс «Открытые задачи на уроке математики»",
        EventPage.Kind.MASTER_CLASS,
        day=5,
        hour=14,
        minutes=120,
        community="mmo-matematika",
        subjects=("mathematics",),
        summary="Небольшая группа: участники сами решают и разбирают открытые задачи.",
        host_school=True,
        exchange=True,
        hours="2",
        capacity=8,
        registrations=8,
        waiting=2,
        speakers=(("Новикова Светлана Олеговна", "учитель математики высшей категории", "Открытые задачи"),),
    ),
    Spec(
        "seminar-itogovoe-sochinenie",
        "Семинар «Итоговое сочинение: критерии и типичные ошибки»",
        EventPage.Kind.SEMINAR,
        day=8,
        hour=15,
        community="mmo-russkiy-yazyk",
        subjects=("russian", "literature"),
        hours="2",
        capacity=5,
        registrations=5,
    ),
    Spec(
        "vebinar-obratnaya-svyaz",
        "Вебинар «Письменная обратная связь, которую читают»",
        EventPage.Kind.WEBINAR,
        day=10,
        hour=16,
        minutes=90,
        community="formiruyushchee-otsenivanie",
        format=EventPage.Format.ONLINE,
        hours="1.5",
        capacity=100,
        registrations=3,
    ),
    Spec(
        "seminar-otmenen",
        "Семинар «Цифровая лаборатория на уроках биологии»",
        EventPage.Kind.SEMINAR,
        day=12,
        hour=13,
        community="problemnaya-gruppa-motivatsiya",
        subjects=("biology",),
        status=EventPage.Status.CANCELLED,
        status_note="Отменён: оборудование лаборатории не поставлено вовремя. Новая дата будет объявлена позже.",
        hours="2",
        registrations=4,
    ),
    Spec(
        "kruglyy-stol-perenesen",
        "Круглый стол «Партнёрство школ: первые итоги договоров»",
        EventPage.Kind.ROUND_TABLE,
        day=15,
        hour=16,
        community="klub-rukovoditeley",
        audiences=LEADERS,
        status=EventPage.Status.MOVED,
        status_note="Перенесён на неделю позже из-за региональной проверки.",
        hours="2",
        exchange=True,
    ),
    Spec(
        "lektsiya-roditeli-gadzhety",
        "Лекция для родителей «Гаджеты и домашние задания: договариваемся без ссор»",
        EventPage.Kind.LECTURE,
        day=17,
        hour=19,
        minutes=60,
        format=EventPage.Format.MIXED,
        audiences=PARENTS,
        hours="0",
        capacity=40,
        registrations=2,
    ),
    Spec(
        "stazhirovka-nachalnaya-shkola",
        "Стажировка «Обучение чтению в малокомплектной школе»",
        EventPage.Kind.INTERNSHIP,
        day=22,
        hour=9,
        minutes=60 * 7,
        community="uchimsya-chitat",
        subjects=("primary",),
        host_school=True,
        exchange=True,
        hours="7",
        capacity=10,
        registrations=3,
    ),
    Spec(
        "metodicheskiy-den-matematika",
        "Методический день учителей математики",
        EventPage.Kind.METHODOLOGICAL_DAY,
        day=29,
        hour=10,
        minutes=300,
        community="mmo-matematika",
        subjects=("mathematics",),
        host_school=True,
        exchange=True,
        hours="5",
        capacity=40,
    ),
    Spec(
        "seminar-psihologi",
        "Семинар для педагогов-психологов «Диагностика учебной мотивации»",
        EventPage.Kind.SEMINAR,
        day=36,
        hour=14,
        community="problemnaya-gruppa-motivatsiya",
        audiences=("psychologists",),
        hours="3",
        minutes=180,
    ),
    Spec(
        "vebinar-klassnye-rukovoditeli",
        "Вебинар для классных руководителей «Разговор с родителями о неуспеваемости»",
        EventPage.Kind.WEBINAR,
        day=43,
        hour=16,
        minutes=90,
        format=EventPage.Format.ONLINE,
        audiences=("class-teachers",),
        hours="1.5",
        capacity=None,
    ),
    Spec(
        "konferentsiya-praktiki",
        "Региональная конференция лучших практик",
        EventPage.Kind.CONFERENCE,
        day=50,
        hour=10,
        minutes=60 * 6,
        format=EventPage.Format.MIXED,
        audiences=("teachers", "school-leaders", "methodists"),
        summary="Авторы практик из банка ресурсов показывают, как повторить их опыт в своей школе.",
        hours="6",
        capacity=150,
        exchange=True,
    ),
    Spec(
        "master-klass-angliyskiy",
        "Мастер-класс «Говорение на уроке английского в слабом классе»",
        EventPage.Kind.MASTER_CLASS,
        day=57,
        hour=14,
        subjects=("english",),
        host_school=True,
        hours="2",
        capacity=15,
    ),
    Spec(
        "lektsiya-roditeli-oge",
        "Лекция для родителей девятиклассников «ОГЭ: что важно знать семье»",
        EventPage.Kind.LECTURE,
        day=64,
        hour=18,
        minutes=90,
        format=EventPage.Format.ONLINE,
        audiences=PARENTS,
        hours="0",
        capacity=None,
    ),
    Spec(
        "seminar-istoriya",
        "Семинар «Работа с историческим источником в 6–7 классах»",
        EventPage.Kind.SEMINAR,
        day=71,
        hour=15,
        subjects=("history",),
        hours="2",
    ),
    Spec(
        "kruglyy-stol-nastavnichestvo",
        "Круглый стол «Наставничество в школе: что получилось за год»",
        EventPage.Kind.ROUND_TABLE,
        day=78,
        hour=15,
        community="klub-rukovoditeley",
        audiences=("school-leaders", "teachers"),
        exchange=True,
        hours="2",
    ),
    Spec(
        "vebinar-himiya",
        "Вебинар «Расчётные задачи по химии без страха»",
        EventPage.Kind.WEBINAR,
        day=85,
        hour=16,
        minutes=90,
        format=EventPage.Format.ONLINE,
        subjects=("chemistry",),
        hours="1.5",
        capacity=None,
    ),
]


def _weekday(day: datetime.date) -> datetime.date:
    """Weekends are no days for seminars: move to Monday."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _second_tuesday(day: datetime.date) -> datetime.date:
    first = day.replace(day=1)
    first_tuesday = first + datetime.timedelta(days=(1 - first.weekday()) % 7)
    return first_tuesday + datetime.timedelta(days=7)


def _last_thursday(day: datetime.date) -> datetime.date:
    next_month = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    last = next_month - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=(last.weekday() - 3) % 7)


def _first_day(spec: Spec, today: datetime.date) -> datetime.date:
    day = today + datetime.timedelta(days=spec.day)
    if spec.slug == "zasedanie-kluba-rukovoditeley":
        return _second_tuesday(day)
    if spec.slug == "roditelskiy-vebinar":
        return _last_thursday(day)
    if spec.repeat == EventPage.Repeat.WEEKLY:
        return day - datetime.timedelta(days=(day.weekday() - 2) % 7)  # a Wednesday
    return _weekday(day)


def _schools(spec_schools, municipalities, rng):
    municipality_index, number = spec_schools
    schools = School.objects.order_by("code")
    if municipality_index is not None and municipalities:
        schools = schools.filter(municipality=municipalities[municipality_index % len(municipalities)])
    schools = list(schools)
    rng.shuffle(schools)
    return schools[:number]


def _library_pages(subject_or_type, number):
    pages = []
    if subject_or_type == "management":
        pages += list(PracticePage.objects.live().public().filter(practice_type__slug="management")[:number])
    elif subject_or_type:
        pages += list(PracticePage.objects.live().public().filter(subjects__slug=subject_or_type)[:2])
        pages += list(MaterialPage.objects.live().public().filter(subjects__slug=subject_or_type)[:number])
    else:
        pages += list(MaterialPage.objects.live().public().order_by("pk")[:number])
    unique = list({page.pk: page for page in pages}.values())
    return unique[:number]


def build_communities(index, municipalities, rng, user):
    communities = {}
    for spec in COMMUNITIES:
        existing = index.get_children().filter(slug=spec["slug"]).first()
        if existing is not None:
            communities[spec["slug"]] = existing.specific
            continue
        municipality = (
            municipalities[spec["municipality"] % len(municipalities)]
            if spec["municipality"] is not None and municipalities
            else None
        )
        title = spec["title"]
        if municipality is not None:
            title = f"{title} ({municipality.name})"
        coordinator, position = spec["coordinator"]
        page = CommunityPage(
            slug=spec["slug"],
            title=title,
            kind=spec["kind"],
            summary=spec["summary"],
            description=rich(*spec["text"]),
            municipality=municipality,
            coordinator_name=coordinator,
            coordinator_position=position,
            coordinator_email=f"{spec['slug']}@iro.example.ru",
            subjects=list(Subject.objects.filter(slug__in=spec["subjects"])),
            member_schools=[
                SchoolMembership(
                    school=school,
                    teachers=rng.randint(1, 9),
                    joined_on=datetime.date(2024, 9, 1) + datetime.timedelta(days=rng.randint(0, 300)),
                )
                for school in _schools(spec["schools"], municipalities, rng)
            ],
            materials=[CommunityMaterial(page=page) for page in _library_pages(*spec["library"])],
        )
        index.add_child(instance=page)
        page.save_revision(user=user).publish()
        communities[spec["slug"]] = page
    return communities


def _documents(spec: Spec, collection):
    documents = []
    for number, title in enumerate(spec.materials):
        sections = [
            (title, [f"Материал мероприятия «{spec.title}».", spec.summary or spec.description or ""]),
            ("Как использовать", ["Материал можно использовать на уроках и заседаниях методических объединений."]),
        ]
        data = pdf_bytes(title, sections) if number % 2 == 0 else None
        if data is None:
            documents.append(
                make_document(title, f"{spec.slug}-{number + 1}.docx", docx_bytes(title, sections), collection)
            )
        else:
            documents.append(make_document(title, f"{spec.slug}-{number + 1}.pdf", data, collection))
    return documents


def build_event(calendar, spec: Spec, communities, schools, today, collection, user):
    existing = calendar.get_children().filter(slug=spec.slug).first()
    if existing is not None:
        return existing.specific
    zone = ZoneInfo(spec.zone)
    first = _first_day(spec, today)
    start = datetime.datetime.combine(first, datetime.time(spec.hour), tzinfo=zone)
    end = start + datetime.timedelta(minutes=spec.minutes)
    host = schools[len(spec.slug) % len(schools)] if spec.host_school and schools else None
    community = communities.get(spec.community)
    place = ""
    if spec.format != EventPage.Format.ONLINE:
        place = f"{host.name}, актовый зал" if host else PLACE
    until = first + datetime.timedelta(days=spec.repeat_days) if spec.repeat != EventPage.Repeat.ONCE else None
    skipped = [
        SkippedDate(day=first + datetime.timedelta(weeks=week), reason="Региональная проверочная работа")
        for week in spec.skip_weeks
    ]
    agenda = spec.agenda or (
        f"{spec.hour:02d}:00 — открытие, постановка задачи",
        f"{spec.hour:02d}:20 — выступления участников",
        "Обсуждение, вопросы, итоги",
    )
    past = spec.day < 0 and spec.repeat == EventPage.Repeat.ONCE
    page = EventPage(
        slug=spec.slug,
        title=spec.title,
        summary=spec.summary,
        kind=spec.kind,
        start=start,
        end=end,
        time_zone=spec.zone,
        repeat=spec.repeat,
        repeat_until=until,
        format=spec.format,
        place=place,
        online_url=f"{WEBINAR_ROOM}{spec.slug}" if spec.format != EventPage.Format.IN_PERSON else "",
        community=community,
        host_school=host,
        municipality=(community.municipality if community else None),
        hours=Decimal(spec.hours),
        counts_as_experience_exchange=spec.exchange,
        registration_required=spec.registration_required,
        capacity=spec.capacity,
        status=spec.status,
        status_note=spec.status_note,
        description=rich(
            spec.description
            or (spec.summary or "Мероприятие для педагогов школ региона, участвующих в программе поддержки."),
            "Участие бесплатное. Педагогам, подтвердившим участие, часы засчитываются в повышение квалификации.",
        ),
        agenda="<ul>" + "".join(f"<li>{line}</li>" for line in agenda) + "</ul>",
        recording_url=f"{RECORDINGS}{spec.slug}" if spec.recording and past else "",
        audiences=list(Audience.objects.filter(slug__in=spec.audiences)),
        subjects=list(Subject.objects.filter(slug__in=spec.subjects)),
        skipped_dates=skipped,
        speakers=[EventSpeaker(name=name, position=position, topic=topic) for name, position, topic in spec.speakers],
        materials=[EventMaterial(document=document) for document in _documents(spec, collection)] if past else [],
    )
    calendar.add_child(instance=page)
    page.save_revision(user=user).publish()
    return page


def _registration_target(event, today):
    """The occurrence registrations are made for: a past one-off itself, else the next one."""
    rows = EventOccurrence.objects.filter(event=event, cancelled=False).order_by("start")
    upcoming = rows.filter(end__gte=timezone.now()).first()
    return upcoming or rows.last()


def add_registrations(event, spec: Spec, schools, consent, rng, today):
    occurrence = _registration_target(event, today)
    # Once per event, whichever occurrence is next when the demo is loaded again.
    if occurrence is None or Registration.objects.filter(occurrence__event=event).exists():
        return 0
    total = spec.registrations + spec.waiting
    if event.capacity:
        total = min(total, event.capacity + spec.waiting)
    made = 0
    has_ended = occurrence.end < timezone.now()
    for number in range(total):
        name, position = PEOPLE[(number + len(spec.slug)) % len(PEOPLE)]
        if number >= len(PEOPLE):
            name = f"{name.split()[0]}-{number} {' '.join(name.split()[1:])}"
        school = schools[rng.randrange(len(schools))] if schools else None
        confirmed = not event.capacity or number < event.capacity
        Registration.objects.create(
            occurrence=occurrence,
            full_name=name,
            email=f"participant{number + 1}.{event.pk}@school.example.ru",
            school=school,
            organisation="" if school else "Частная школа «Перспектива»",
            position=position,
            status=Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITING,
            # Past sessions: most came; the staff mark attendance in the admin.
            attended=(rng.random() < 0.85) if has_ended and confirmed else None,
            **consent_record(consent),
        )
        made += 1
    return made


def load(stdout):
    calendar = EventIndexPage.objects.first()
    community_index = CommunityIndexPage.objects.first()
    if calendar is None or community_index is None:
        stdout.write("Разделы сообществ и мероприятий не найдены: демо-мероприятия пропущены.")
        return []
    calendar, community_index = calendar.specific, community_index.specific
    user = get_user_model().objects.filter(username="methodist").first()
    rng = random.Random(2611)
    today = timezone.localdate()
    consent = consent_page("consent-events")

    if calendar.consent_page_id != consent.pk or not calendar.intro:
        calendar.consent_page = consent
        calendar.intro = calendar.intro or rich(
            "Семинары, вебинары, мастер-классы, стажировки и конференции для педагогов и руководителей школ "
            "региона, а также лекции для родителей. Участие бесплатное; на большинство мероприятий нужна "
            "регистрация — без учётной записи, в одну форму."
        )
        calendar.save_revision(user=user).publish()
    if not community_index.intro:
        community_index.intro = rich(
            "Профессиональные сообщества учителей и руководителей школ региона: муниципальные методические "
            "объединения, сетевые сообщества, клуб руководителей и проблемные группы. Вступить может любой "
            "педагог — напишите координатору сообщества."
        )
        community_index.save_revision(user=user).publish()

    municipalities = list(Municipality.objects.order_by("name"))
    communities = build_communities(community_index, municipalities, rng, user)
    schools = list(School.objects.order_by("code")[:60])
    collection = Collection.get_first_root_node()
    registrations = 0
    for spec in EVENTS:
        event = build_event(calendar, spec, communities, schools, today, collection, user)
        if spec.registrations or spec.waiting:
            registrations += add_registrations(event, spec, schools, consent, rng, today)

    upcoming = EventOccurrence.objects.visible().upcoming().count()
    stdout.write(
        f"Сообществ: {CommunityPage.objects.live().count()}, мероприятий: {EventPage.objects.live().count()} "
        f"(предстоящих занятий: {upcoming}); новых регистраций: {registrations}."
    )
    return []
