"""Blocks of the section «Сведения об образовательной организации».

Рособрнадзор's order of 04.08.2023 № 1493 fixes the data items of each subsection and the
microdata name (``itemprop``) a robot reads each item by. Every block here is one such item or
record; its template puts the names on the elements that hold the values, so an editor fills
in ordinary fields and never types markup.
"""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

TEMPLATES = "home/org_info_blocks/"


class PersonBlock(blocks.StructBlock):
    """A head or a deputy (``rucovodstvo`` / ``rucovodstvoZam``, chosen by the ``itemprop`` kwarg)."""

    name = blocks.CharBlock(label="Фамилия, имя, отчество", max_length=200)
    post = blocks.CharBlock(label="Должность", max_length=300)
    phone = blocks.CharBlock(label="Телефон", max_length=100)
    email = blocks.EmailBlock(label="Электронная почта")

    class Meta:
        icon = "user"
        label = "Руководитель"
        template = TEMPLATES + "person.html"
        itemprop = "rucovodstvo"


class FounderBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="Наименование учредителя", max_length=300)
    address = blocks.CharBlock(label="Адрес", max_length=300)
    phone = blocks.CharBlock(label="Телефон", max_length=100)
    email = blocks.EmailBlock(label="Электронная почта")
    website = blocks.URLBlock(label="Сайт", required=False)

    class Meta:
        icon = "site"
        label = "Учредитель"
        template = TEMPLATES + "founder.html"


class UnitBlock(blocks.StructBlock):
    """A structural unit or a management body (``structOrgUprav``)."""

    name = blocks.CharBlock(label="Наименование подразделения или органа управления", max_length=300)
    head_name = blocks.CharBlock(label="Руководитель: ФИО", max_length=200, required=False)
    head_post = blocks.CharBlock(label="Руководитель: должность", max_length=300, required=False)
    address = blocks.CharBlock(label="Место нахождения", max_length=300, required=False)
    website = blocks.URLBlock(label="Сайт", required=False)
    email = blocks.EmailBlock(label="Электронная почта", required=False)
    regulation = DocumentChooserBlock(
        label="Положение о подразделении", required=False, help_text="Файл положения с подписью руководителя."
    )

    class Meta:
        icon = "group"
        label = "Подразделение или орган управления"
        template = TEMPLATES + "unit.html"


# The documents of «Документы» the order names, by microdata name.
DOCUMENT_KINDS = [
    ("ustavDocLink", "Устав"),
    ("priemDocLink", "Правила приёма обучающихся"),
    ("modeDocLink", "Режим занятий обучающихся"),
    ("tekKontrolDocLink", "Формы, периодичность и порядок текущего контроля и промежуточной аттестации"),
    ("perevodDocLink", "Порядок и основания перевода, отчисления и восстановления обучающихся"),
    ("vozDocLink", "Порядок оформления возникновения, приостановления и прекращения отношений"),
    ("localActStud", "Правила внутреннего распорядка обучающихся"),
    ("localActOrder", "Правила внутреннего трудового распорядка"),
    ("localActCollec", "Коллективный договор"),
    ("reportEduDocLink", "Отчёт о результатах самообследования"),
    ("prescriptionDocLink", "Предписания органов контроля (надзора) и отчёты об их исполнении"),
]

# The items of the subsections made of texts and documents, by microdata name.
OBJECTS_KINDS = [
    ("purposeLibr", "Библиотеки"),
    ("purposeSport", "Объекты спорта"),
    ("purposeFacil", "Средства обучения и воспитания"),
    ("comNet", "Доступ к информационным системам и сетям"),
    ("erList", "Электронные образовательные ресурсы"),
    ("ovz", "Доступ в здание для инвалидов и лиц с ограниченными возможностями здоровья"),
    ("purposeFacilOvz", "Специальные средства обучения для инвалидов и лиц с ОВЗ"),
    ("techOvz", "Специальные технические средства коллективного и индивидуального пользования"),
    ("comNetOvz", "Доступ к информационным системам и сетям для инвалидов"),
    ("erListOvz", "Электронные ресурсы, приспособленные для инвалидов"),
]
PAID_KINDS = [
    ("paidEdu", "Порядок оказания платных образовательных услуг"),
    ("paidDog", "Образец договора об оказании платных образовательных услуг"),
    ("paidSt", "Документ об утверждении стоимости обучения"),
    ("paidParents", "Плата за присмотр и уход, содержание в интернате"),
]
BUDGET_KINDS = [
    ("finPlanDocLink", "План финансово-хозяйственной деятельности (бюджетная смета)"),
    ("finPost", "Поступление финансовых и материальных средств"),
    ("finRas", "Расходование финансовых и материальных средств"),
]
GRANTS_KINDS = [
    ("grant", "Стипендии"),
    ("support", "Меры социальной поддержки"),
    ("hostelInfo", "Общежитие"),
    ("interInfo", "Интернат"),
    ("localAct", "Локальные акты о стипендиях и мерах поддержки"),
]
CATERING_KINDS = [
    ("meals", "Условия питания обучающихся"),
    ("health", "Условия охраны здоровья обучающихся"),
]
STANDARDS_KINDS = [
    ("eduFedDoc", "Федеральные государственные образовательные стандарты"),
    ("eduFedTreb", "Федеральные государственные требования"),
    ("eduStandartDoc", "Образовательные стандарты, установленные организацией"),
    ("eduStandartTreb", "Требования, установленные организацией"),
]


class OrgDocumentBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(label="Что это за документ", choices=DOCUMENT_KINDS)
    document = DocumentChooserBlock(label="Файл", help_text="Документ, подписанный электронной подписью.")
    title = blocks.CharBlock(
        label="Текст ссылки", required=False, max_length=300, help_text="Если пусто, используется название файла."
    )

    class Meta:
        icon = "doc-full"
        label = "Документ"
        template = TEMPLATES + "document.html"


class ProgrammeBlock(blocks.StructBlock):
    """A programme the institute runs (``eduOp``) with its documents."""

    name = blocks.CharBlock(label="Наименование программы", max_length=300)
    level = blocks.CharBlock(
        label="Вид программы",
        max_length=200,
        default="дополнительная профессиональная программа повышения квалификации",
    )
    form = blocks.CharBlock(label="Форма обучения", max_length=200, default="очно-заочная")
    term = blocks.CharBlock(label="Нормативный срок обучения", max_length=100, help_text="Например: «36 часов».")
    e_learning = blocks.CharBlock(
        label="Электронное обучение и дистанционные технологии",
        max_length=200,
        required=False,
        help_text="Например: «применяются» или «не применяются».",
    )
    description = DocumentChooserBlock(label="Описание программы", required=False)
    plan = DocumentChooserBlock(label="Учебный план", required=False)
    schedule = DocumentChooserBlock(label="Календарный учебный график", required=False)
    methodology = DocumentChooserBlock(label="Методические материалы", required=False)

    class Meta:
        icon = "list-ul"
        label = "Образовательная программа"
        template = TEMPLATES + "programme.html"


class TeacherBlock(blocks.StructBlock):
    """A member of the teaching staff (``teachingStaff``)."""

    name = blocks.CharBlock(label="Фамилия, имя, отчество", max_length=200)
    post = blocks.CharBlock(label="Должность", max_length=300)
    disciplines = blocks.TextBlock(label="Преподаваемые учебные предметы, курсы, модули")
    education = blocks.CharBlock(label="Уровень профессионального образования", max_length=300)
    qualification = blocks.CharBlock(label="Квалификация, специальность по диплому", max_length=300)
    degree = blocks.CharBlock(label="Учёная степень", max_length=200, default="нет")
    academic_title = blocks.CharBlock(label="Учёное звание", max_length=200, default="нет")
    development = blocks.TextBlock(label="Повышение квалификации, профессиональная переподготовка", required=False)
    general_experience = blocks.CharBlock(label="Общий стаж работы", max_length=50, help_text="Например: «18 лет».")
    professional_experience = blocks.CharBlock(
        label="Стаж работы в профессиональной сфере", max_length=50, help_text="Например: «12 лет»."
    )
    programmes = blocks.TextBlock(label="Образовательные программы, в которых участвует")

    class Meta:
        icon = "user"
        label = "Педагогический работник"
        template = TEMPLATES + "teacher.html"


class RoomBlock(blocks.StructBlock):
    """A room for teaching (``addressCab``, ``nameCab``, ``osnCab``, ``ovzCab``)."""

    address = blocks.CharBlock(label="Адрес", max_length=300)
    name = blocks.CharBlock(label="Помещение", max_length=200, help_text="Например: «Аудитория 204».")
    equipment = blocks.TextBlock(label="Оснащённость")
    accessibility = blocks.CharBlock(
        label="Приспособленность для инвалидов и лиц с ОВЗ", max_length=300, help_text="Например: «приспособлена»."
    )

    class Meta:
        icon = "home"
        label = "Учебное помещение"
        template = TEMPLATES + "room.html"


class VolumeBlock(blocks.StructBlock):
    """The year's volume of educational activity by source of funding (``volume``), roubles."""

    year = blocks.IntegerBlock(label="Год", min_value=2000, max_value=2100)
    federal = blocks.DecimalBlock(label="Федеральный бюджет, руб.", min_value=0, decimal_places=2, default=0)
    regional = blocks.DecimalBlock(label="Бюджет субъекта РФ, руб.", min_value=0, decimal_places=2, default=0)
    local = blocks.DecimalBlock(label="Местный бюджет, руб.", min_value=0, decimal_places=2, default=0)
    paid = blocks.DecimalBlock(
        label="По договорам за счёт физических и юридических лиц, руб.", min_value=0, decimal_places=2, default=0
    )

    class Meta:
        icon = "table"
        label = "Объём образовательной деятельности за год"
        template = TEMPLATES + "volume.html"


class VacancyBlock(blocks.StructBlock):
    """Vacant places of a programme (``vacant``)."""

    name = blocks.CharBlock(label="Наименование программы", max_length=300)
    level = blocks.CharBlock(label="Вид программы", max_length=200)
    form = blocks.CharBlock(label="Форма обучения", max_length=200)
    federal = blocks.IntegerBlock(label="За счёт федерального бюджета", min_value=0, default=0)
    regional = blocks.IntegerBlock(label="За счёт бюджета субъекта РФ", min_value=0, default=0)
    local = blocks.IntegerBlock(label="За счёт местного бюджета", min_value=0, default=0)
    paid = blocks.IntegerBlock(label="По договорам об оказании платных услуг", min_value=0, default=0)

    class Meta:
        icon = "user"
        label = "Вакантные места по программе"
        template = TEMPLATES + "vacancy.html"


class AgreementBlock(blocks.StructBlock):
    """An agreement with a foreign or international organisation (``internationalDog``)."""

    state = blocks.CharBlock(label="Государство", max_length=200)
    organisation = blocks.CharBlock(label="Организация", max_length=300)
    details = blocks.CharBlock(label="Реквизиты договора", max_length=300, help_text="Номер, дата, срок действия.")

    class Meta:
        icon = "site"
        label = "Договор о международном сотрудничестве"
        template = TEMPLATES + "agreement.html"


class MarkedItemBlock(blocks.StructBlock):
    """A data item of a subsection whose kinds are given per subsection (``kinds`` kwarg).

    The microdata name goes on the document link when there is a document and on the text
    otherwise, which is where the order's robot looks for each.
    """

    kind = blocks.ChoiceBlock(label="Что это за сведения", choices=[])
    text = blocks.TextBlock(label="Текст", required=False)
    document = DocumentChooserBlock(label="Документ", required=False)
    title = blocks.CharBlock(
        label="Текст ссылки на документ", required=False, max_length=300, help_text="Если пусто — название файла."
    )

    def __init__(self, local_blocks=None, kinds=(), **kwargs):
        self.kinds = list(kinds)
        kind = blocks.ChoiceBlock(label="Что это за сведения", choices=self.kinds)
        super().__init__([("kind", kind), *(local_blocks or [])], **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("text") and not value.get("document"):
            raise blocks.StructBlockValidationError(
                block_errors={"text": blocks.BlockValidationError("Напишите текст или выберите документ.")}
            )
        return value

    class Meta:
        icon = "form"
        label = "Сведения"
        template = TEMPLATES + "marked_item.html"
