"""Demo section «Сведения об образовательной организации» (/sveden/) of the institute.

Every subsection is filled with invented but plausible data of a regional institute of
education development that runs further professional education of teachers; the people are
made up. Documents are small generated PDFs (DOCX where the system has no Cyrillic font).
A subsection that already exists is left as editors made it, so running the step again
changes nothing.
"""

import datetime
from decimal import Decimal

from wagtail.models import Collection

from demo.library import make_document
from demo.library_files import docx_bytes, pdf_bytes
from home.models import (
    HomePage,
    OrgInfoBudgetPage,
    OrgInfoCateringPage,
    OrgInfoCommonPage,
    OrgInfoDocumentsPage,
    OrgInfoEducationPage,
    OrgInfoEmployeesPage,
    OrgInfoGrantsPage,
    OrgInfoIndexPage,
    OrgInfoInternationalPage,
    OrgInfoManagersPage,
    OrgInfoObjectsPage,
    OrgInfoPaidServicesPage,
    OrgInfoStandardsPage,
    OrgInfoStructPage,
    OrgInfoVacanciesPage,
)

FULL_NAME = (
    "Государственное автономное учреждение дополнительного профессионального образования Энской области "
    "«Региональный институт развития образования»"
)
SHORT_NAME = "ГАУ ДПО ЭО «РИРО»"
ADDRESS = "123456, Энская область, г. Энск, ул. Просвещения, д. 12"
CAMPUS = "123456, Энская область, г. Энск, ул. Учительская, д. 5"


def rich(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def paragraph(*texts):
    return ("paragraph", rich(*texts))


class Files:
    """Generates the section's documents into one collection, slugs unique per run."""

    def __init__(self):
        root = Collection.get_first_root_node()
        self.collection = root.get_children().filter(name="Сведения об организации").first() or root.add_child(
            name="Сведения об организации"
        )

    def __call__(self, title, slug, *paragraphs):
        sections = [(title, list(paragraphs) or [f"{title}. Утверждено приказом ректора института."])]
        data = pdf_bytes(title, sections)
        if data is not None:
            return make_document(title, f"sveden-{slug}.pdf", data, self.collection)
        return make_document(title, f"sveden-{slug}.docx", docx_bytes(title, sections), self.collection)


def common_fields(files):
    return {
        "full_name": FULL_NAME,
        "short_name": SHORT_NAME,
        "reg_date": datetime.date(1944, 3, 1),
        "founders": [
            (
                "founder",
                {
                    "name": "Министерство образования Энской области",
                    "address": "123450, Энская область, г. Энск, пл. Советов, д. 1",
                    "phone": "+7 (800) 555-02-00",
                    "email": "minobr@region.example.ru",
                    "website": "https://minobr.region.example.ru",
                },
            )
        ],
        "address": ADDRESS,
        "work_time": "Понедельник — четверг: 9:00–18:00, пятница: 9:00–16:45, перерыв 13:00–13:45.\n"
        "Суббота и воскресенье — выходные дни.",
        "phones": "+7 (800) 555-01-23\n+7 (800) 555-01-24",
        "emails": "info@iro.example.ru\nkursy@iro.example.ru",
        "places_dpo": f"{ADDRESS}\n{CAMPUS} (учебный корпус)",
        "license_text": "Лицензия № Л035-01234-45/00567890 от 12.05.2016, бессрочная",
        "license_document": files(
            "Выписка из реестра лицензий на осуществление образовательной деятельности", "license"
        ),
        "accreditation_text": "Дополнительные профессиональные программы государственной аккредитации не подлежат.",
        "body": [
            paragraph(
                "Институт повышает квалификацию педагогов и руководителей школ Энской области, сопровождает "
                "школы с низкими образовательными результатами и ведёт региональный банк лучших практик."
            )
        ],
    }


UNITS = [
    ("Учёный совет", "Васильева Марина Олеговна", "председатель учёного совета, ректор", ""),
    ("Кафедра педагогики и психологии", "Гордеев Андрей Ильич", "заведующий кафедрой", "kpp@iro.example.ru"),
    ("Кафедра предметного образования", "Лапина Ольга Викторовна", "заведующий кафедрой", "kpo@iro.example.ru"),
    (
        "Центр непрерывного повышения профессионального мастерства педагогических работников",
        "Орехов Денис Сергеевич",
        "руководитель центра",
        "cnppm@iro.example.ru",
    ),
    (
        "Отдел сопровождения школ с низкими образовательными результатами",
        "Зуева Наталья Петровна",
        "начальник отдела",
        "shnor@iro.example.ru",
    ),
    ("Отдел мониторинга и оценки качества образования", "Белов Кирилл Андреевич", "начальник отдела", ""),
]


def struct_fields(files):
    units = []
    for number, (name, head, post, email) in enumerate(UNITS, start=1):
        units.append(
            (
                "unit",
                {
                    "name": name,
                    "head_name": head,
                    "head_post": post,
                    "address": ADDRESS if number <= 2 else CAMPUS,
                    "website": "",
                    "email": email,
                    "regulation": files(f"Положение: {name}", f"unit-{number}"),
                },
            )
        )
    return {
        "units": units,
        "body": [
            paragraph(
                "Высший коллегиальный орган управления — учёный совет; единоличный исполнительный орган — ректор. "
                "Наблюдательный совет создан в соответствии с законом об автономных учреждениях."
            )
        ],
    }


DOCUMENTS = [
    ("ustavDocLink", "Устав института"),
    ("priemDocLink", "Правила приёма слушателей на обучение по дополнительным профессиональным программам"),
    ("modeDocLink", "Положение о режиме занятий слушателей"),
    ("tekKontrolDocLink", "Положение о формах, периодичности и порядке текущего контроля и итоговой аттестации"),
    ("perevodDocLink", "Положение о порядке отчисления и восстановления слушателей"),
    ("vozDocLink", "Положение о возникновении, приостановлении и прекращении образовательных отношений"),
    ("localActStud", "Правила внутреннего распорядка слушателей"),
    ("localActOrder", "Правила внутреннего трудового распорядка"),
    ("localActCollec", "Коллективный договор на 2024–2027 годы"),
    ("reportEduDocLink", "Отчёт о результатах самообследования за 2025 год"),
]


def documents_fields(files):
    return {
        "documents": [
            ("document", {"kind": kind, "document": files(title, kind), "title": title}) for kind, title in DOCUMENTS
        ],
        "body": [
            paragraph("Предписаний органов, осуществляющих государственный контроль (надзор) в сфере образования, нет.")
        ],
    }


PROGRAMMES = [
    ("Формирование функциональной грамотности обучающихся: от диагностики к результатам", "36 часов", "functional"),
    ("Управление школой с низкими образовательными результатами: переход в эффективный режим", "72 часа", "shnor"),
    ("Наставничество в образовательной организации", "24 часа", "mentoring"),
]


def education_fields(files):
    programmes = []
    for name, term, slug in PROGRAMMES:
        programmes.append(
            (
                "programme",
                {
                    "name": name,
                    "level": "дополнительная профессиональная программа повышения квалификации",
                    "form": "очно-заочная",
                    "term": term,
                    "e_learning": "применяются электронное обучение и дистанционные технологии",
                    "description": files(f"Описание программы «{name}»", f"{slug}-description"),
                    "plan": files(f"Учебный план программы «{name}»", f"{slug}-plan"),
                    "schedule": files(f"Календарный учебный график программы «{name}»", f"{slug}-schedule"),
                    "methodology": None,
                },
            )
        )
    return {
        "programmes": programmes,
        "language": "русский",
        "students": "В 2025 году обучение прошли 4 812 слушателей: 4 530 — за счёт бюджета Энской области, "
        "282 — по договорам об оказании платных образовательных услуг.",
    }


def person(name, post, phone, email):
    return {"name": name, "post": post, "phone": phone, "email": email}


def managers_fields(files):
    return {
        "managers": [
            ("head", person("Васильева Марина Олеговна", "Ректор", "+7 (800) 555-01-20", "rector@iro.example.ru")),
            (
                "deputy",
                person(
                    "Кравцов Игорь Николаевич",
                    "Проректор по научно-методической работе",
                    "+7 (800) 555-01-21",
                    "nmr@iro.example.ru",
                ),
            ),
            (
                "deputy",
                person(
                    "Тимофеева Анна Юрьевна", "Проректор по учебной работе", "+7 (800) 555-01-22", "ur@iro.example.ru"
                ),
            ),
        ]
    }


TEACHERS = [
    ("Гордеев Андрей Ильич", "заведующий кафедрой педагогики и психологии", "кандидат педагогических наук", "доцент"),
    ("Лапина Ольга Викторовна", "заведующий кафедрой предметного образования", "нет", "нет"),
    ("Сафонова Елена Игоревна", "старший преподаватель", "нет", "нет"),
    ("Мельников Павел Андреевич", "доцент кафедры педагогики и психологии", "кандидат психологических наук", "нет"),
]


def employees_fields(files):
    teachers = []
    for number, (name, post, degree, title) in enumerate(TEACHERS):
        teachers.append(
            (
                "teacher",
                {
                    "name": name,
                    "post": post,
                    "disciplines": "Модуль «Оценка и развитие функциональной грамотности»\nМодуль «Наставничество»",
                    "education": "высшее — специалитет",
                    "qualification": "учитель математики и информатики" if number % 2 else "педагог-психолог",
                    "degree": degree,
                    "academic_title": title,
                    "development": "Повышение квалификации «Цифровые инструменты в дополнительном профессиональном "
                    "образовании», 36 часов, 2025 год",
                    "general_experience": f"{18 + number * 3} лет",
                    "professional_experience": f"{12 + number * 2} лет",
                    "programmes": PROGRAMMES[number % len(PROGRAMMES)][0],
                },
            )
        )
    return {"teachers": teachers}


def item(kind, text="", document=None, title=""):
    return ("item", {"kind": kind, "text": text, "document": document, "title": title})


ROOMS = [
    ("Аудитория 101 (конференц-зал)", "120 мест, проектор, система видеоконференцсвязи, звукоусиление", ADDRESS),
    ("Аудитория 204", "30 мест, интерактивная панель, ноутбуки для слушателей (15 шт.)", ADDRESS),
    ("Лаборатория цифровых образовательных технологий", "16 рабочих мест с компьютерами, цифровая лаборатория", CAMPUS),
]


def objects_fields(files):
    return {
        "rooms": [
            ("room", {"name": name, "equipment": equipment, "address": address, "accessibility": "приспособлено"})
            for name, equipment, address in ROOMS
        ],
        "items": [
            item("purposeLibr", "Научно-педагогическая библиотека: 42 тыс. изданий, читальный зал на 24 места."),
            item("purposeSport", "Объектов спорта нет: программы института их не предусматривают."),
            item("purposeFacil", "Интерактивные панели, ноутбуки, цифровые лаборатории, комплекты для ВКС."),
            item("comNet", "Слушатели пользуются беспроводной сетью института и системой дистанционного обучения."),
            item("erList", "Система дистанционного обучения института и региональный банк методических материалов."),
            item("ovz", "Вход с пандусом и кнопкой вызова, расширенные дверные проёмы, санитарная комната."),
            item("purposeFacilOvz", "Портативная индукционная система, увеличитель для слабовидящих."),
            item("techOvz", "Индукционная петля в конференц-зале, экранный диктор на компьютерах лаборатории."),
            item("comNetOvz", "Сайт и система дистанционного обучения работают в версии для слабовидящих."),
            item("erListOvz", "Материалы курсов доступны в текстовом виде, видео — с субтитрами."),
        ],
    }


def paid_fields(files):
    return {
        "items": [
            item("paidEdu", document=files("Положение о порядке оказания платных образовательных услуг", "paid-rules")),
            item(
                "paidDog", document=files("Образец договора об оказании платных образовательных услуг", "paid-contract")
            ),
            item("paidSt", document=files("Приказ об утверждении стоимости обучения на 2026 год", "paid-prices")),
            item("paidParents", "Не взимается: институт не осуществляет присмотр и уход за детьми."),
        ]
    }


def budget_fields(files):
    volumes = [
        (2024, Decimal("171830000.00"), Decimal("3950000.00")),
        (2025, Decimal("186450000.00"), Decimal("4120000.00")),
    ]
    return {
        "volumes": [
            ("volume", {"year": year, "federal": 0, "regional": regional, "local": 0, "paid": paid})
            for year, regional, paid in volumes
        ],
        "items": [
            item("finPlanDocLink", document=files("План финансово-хозяйственной деятельности на 2026 год", "fhd-plan")),
            item("finPost", document=files("Поступление финансовых и материальных средств за 2025 год", "fin-in")),
            item("finRas", document=files("Расходование финансовых и материальных средств за 2025 год", "fin-out")),
        ],
    }


def vacancies_fields(files):
    return {
        "vacancies": [
            (
                "vacancy",
                {
                    "name": name,
                    "level": "повышение квалификации",
                    "form": "очно-заочная",
                    "federal": 0,
                    "regional": regional,
                    "local": 0,
                    "paid": 10,
                },
            )
            for (name, _term, _slug), regional in zip(PROGRAMMES, (25, 18, 30), strict=True)
        ]
    }


def grants_fields(files):
    return {
        "items": [
            item("grant", "Стипендии слушателям программ повышения квалификации не назначаются."),
            item(
                "support",
                "Проезд и проживание иногородних слушателей оплачивает направившая их организация; "
                "слушатели с инвалидностью получают сопровождение на занятиях.",
            ),
            item("hostelInfo", "Общежития нет."),
            item("interInfo", "Интерната нет."),
        ]
    }


def international_fields(files):
    return {"body": [paragraph("Институт не заключал договоров с иностранными и международными организациями.")]}


def catering_fields(files):
    return {
        "items": [
            item(
                "meals", "В учебном корпусе работает буфет на 30 мест, с 9:00 до 16:00; есть кулеры с питьевой водой."
            ),
            item(
                "health",
                "Аптечки первой помощи на каждом этаже; ответственные сотрудники обучены оказанию первой помощи.",
            ),
        ]
    }


def standards_fields(files):
    return {
        "items": [
            item(
                "eduFedDoc",
                "Программы повышения квалификации не подлежат федеральным государственным образовательным "
                "стандартам; их содержание учитывает требования ФГОС общего образования к педагогам и школам.",
            ),
            item("eduFedTreb", "Федеральные государственные требования к программам института не установлены."),
            item("eduStandartDoc", "Собственных образовательных стандартов институт не устанавливает."),
            item(
                "eduStandartTreb",
                document=files("Положение о требованиях к дополнительным профессиональным программам", "requirements"),
            ),
        ]
    }


# Each subsection with the builder of its data; titles are the order's names of the subsections.
SUBSECTIONS = [
    (OrgInfoCommonPage, common_fields),
    (OrgInfoStructPage, struct_fields),
    (OrgInfoDocumentsPage, documents_fields),
    (OrgInfoEducationPage, education_fields),
    (OrgInfoManagersPage, managers_fields),
    (OrgInfoEmployeesPage, employees_fields),
    (OrgInfoObjectsPage, objects_fields),
    (OrgInfoPaidServicesPage, paid_fields),
    (OrgInfoBudgetPage, budget_fields),
    (OrgInfoVacanciesPage, vacancies_fields),
    (OrgInfoGrantsPage, grants_fields),
    (OrgInfoInternationalPage, international_fields),
    (OrgInfoCateringPage, catering_fields),
    (OrgInfoStandardsPage, standards_fields),
]


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def build(home):
    """The section under ``home`` with every subsection; what exists already is kept."""
    index = OrgInfoIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_child(
            home,
            OrgInfoIndexPage(
                title="Сведения об образовательной организации",
                show_in_menus=True,
                summary="Основные сведения об институте, документы, образование, руководство и другие сведения.",
                intro=rich(
                    "Сведения об институте, которые образовательная организация публикует по требованиям "
                    "Рособрнадзора (приказ от 04.08.2023 № 1493)."
                ),
            ),
        )
    files = None
    existing = {type(page) for page in index.get_children().specific()}
    for model, fields in SUBSECTIONS:
        if model in existing:
            continue
        files = files or Files()
        publish_child(index, model(title=model._meta.verbose_name, **fields(files)))
    return index


def load(stdout):
    index = build(HomePage.objects.get())
    stdout.write(f"Подразделов сведений об организации: {index.get_children().live().count()}.")
    return []
