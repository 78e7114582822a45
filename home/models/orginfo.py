"""The section «Сведения об образовательной организации» (/sveden/).

The institute runs further professional education of teachers, so its site must carry this
section as Рособрнадзор's order of 04.08.2023 № 1493 lays it out: fixed subsection addresses,
fixed data items, and microdata names (``itemprop``) on the elements holding them, which the
supervisor's robot reads. Each subsection is a page type of its own (one per section) whose
fields are the items the order fixes; whatever else an editor wants to say goes into ``body``.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from base.blocks import BodyBlock
from base.models import BasePage, SectionIndexPage
from home.orginfo_blocks import (
    BUDGET_KINDS,
    CATERING_KINDS,
    DOCUMENT_KINDS,
    GRANTS_KINDS,
    OBJECTS_KINDS,
    PAID_KINDS,
    STANDARDS_KINDS,
    AgreementBlock,
    FounderBlock,
    MarkedItemBlock,
    OrgDocumentBlock,
    PersonBlock,
    ProgrammeBlock,
    RoomBlock,
    TeacherBlock,
    UnitBlock,
    VacancyBlock,
    VolumeBlock,
)

# The subsections in the order's sequence; the index lists them in this order, whatever order
# editors created them in.
SUBSECTION_NAMES = [
    "OrgInfoCommonPage",
    "OrgInfoStructPage",
    "OrgInfoDocumentsPage",
    "OrgInfoEducationPage",
    "OrgInfoManagersPage",
    "OrgInfoEmployeesPage",
    "OrgInfoObjectsPage",
    "OrgInfoPaidServicesPage",
    "OrgInfoBudgetPage",
    "OrgInfoVacanciesPage",
    "OrgInfoGrantsPage",
    "OrgInfoInternationalPage",
    "OrgInfoCateringPage",
    "OrgInfoStandardsPage",
]
SUBSECTION_TYPES = [f"home.{name}" for name in SUBSECTION_NAMES]
__all__ = ["OrgInfoIndexPage", *SUBSECTION_NAMES]

INDEX_SLUG = "sveden"


def lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def group_by_kind(stream, kinds):
    """[(itemprop, label, [values])] for every kind of the order, the empty ones too.

    An item the organisation does not have is still shown (as «нет») under its microdata name:
    the supervisor's robot reads an absent element as information left unpublished.
    """
    values = [child.value for child in stream]
    return [(kind, label, [value for value in values if value["kind"] == kind]) for kind, label in kinds]


class FixedSlugMixin:
    """The order fixes the address of the section and of every subsection."""

    fixed_slug = ""

    def full_clean(self, *args, **kwargs):
        self.slug = self.fixed_slug
        super().full_clean(*args, **kwargs)


class OrgInfoIndexPage(FixedSlugMixin, SectionIndexPage):
    fixed_slug = INDEX_SLUG
    subpage_types = SUBSECTION_TYPES
    page_description = "Раздел «Сведения об образовательной организации»; его адрес /sveden/ задан приказом."

    class Meta:
        verbose_name = "Сведения об образовательной организации"

    def subsections(self):
        children = self.get_children().live().public().specific()
        return sorted(children, key=lambda page: getattr(page, "position", len(SUBSECTION_TYPES)))


class OrgInfoSubsectionPage(FixedSlugMixin, BasePage):
    body = StreamField(
        BodyBlock(),
        verbose_name="Дополнительные сведения",
        blank=True,
        help_text="Всё, что подраздел сообщает сверх обязательных сведений: пояснения, таблицы, документы.",
    )

    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.OrgInfoIndexPage"]
    subpage_types = []
    max_count_per_parent = 1
    data_panels = []

    class Meta:
        abstract = True

    @classmethod
    def get_page_description(cls):
        return f"Подраздел сведений об организации; его адрес /{INDEX_SLUG}/{cls.fixed_slug}/ задан приказом."

    @property
    def position(self):
        return SUBSECTION_TYPES.index(f"home.{type(self).__name__}")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parent = self.get_parent().specific
        context["section"] = parent
        context["subsections"] = parent.subsections() if isinstance(parent, OrgInfoIndexPage) else []
        return context


def panels(*data_panels):
    return Page.content_panels + [MultiFieldPanel(list(data_panels), heading="Сведения по приказу"), FieldPanel("body")]


def document_field(verbose_name, help_text):
    return models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


class OrgInfoCommonPage(OrgInfoSubsectionPage):
    fixed_slug = "common"

    full_name = models.CharField("Полное наименование", max_length=500, help_text="Как в уставе.")
    short_name = models.CharField("Сокращённое наименование", max_length=200, blank=True, help_text="Как в уставе.")
    reg_date = models.DateField("Дата создания", help_text="Дата создания организации.")
    founders = StreamField(
        [("founder", FounderBlock())],
        verbose_name="Учредители",
        blank=True,
        help_text="Наименование, адрес, телефон, электронная почта и сайт каждого учредителя.",
    )
    address = models.CharField("Место нахождения", max_length=300, help_text="Адрес с почтовым индексом.")
    work_time = models.TextField("Режим и график работы", help_text="Например: «понедельник — пятница, 9:00–18:00».")
    phones = models.TextField("Контактные телефоны", help_text="Каждый телефон с новой строки.")
    emails = models.TextField("Адреса электронной почты", help_text="Каждый адрес с новой строки.")
    places_dpo = models.TextField(
        "Места осуществления образовательной деятельности по дополнительным профессиональным программам",
        blank=True,
        help_text="Каждый адрес с новой строки. Если пусто, на странице будет «нет».",
    )
    places_network = models.TextField(
        "Места осуществления образовательной деятельности при сетевой форме реализации программ",
        blank=True,
        help_text="Каждый адрес с новой строки. Если пусто, на странице будет «нет».",
    )
    license_text = models.CharField(
        "Лицензия на образовательную деятельность",
        max_length=300,
        blank=True,
        help_text="Номер и дата лицензии (записи в реестре лицензий).",
    )
    license_document = document_field("Выписка из реестра лицензий", "Файл выписки из реестра лицензий.")
    accreditation_text = models.CharField(
        "Государственная аккредитация",
        max_length=300,
        blank=True,
        help_text="Сведения об аккредитации или о том, что она не проводится. Если пусто, будет «нет».",
    )
    accreditation_document = document_field("Свидетельство (выписка) об аккредитации", "При наличии.")

    content_panels = panels(
        FieldPanel("full_name"),
        FieldPanel("short_name"),
        FieldPanel("reg_date"),
        FieldPanel("founders"),
        FieldPanel("address"),
        FieldPanel("work_time"),
        FieldPanel("phones"),
        FieldPanel("emails"),
        FieldPanel("places_dpo"),
        FieldPanel("places_network"),
        FieldPanel("license_text"),
        FieldPanel("license_document"),
        FieldPanel("accreditation_text"),
        FieldPanel("accreditation_document"),
    )

    class Meta:
        verbose_name = "Основные сведения"

    def clean(self):
        super().clean()
        for email in lines(self.emails):
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError({"emails": f"«{email}» не похож на адрес электронной почты."}) from None

    def phone_list(self):
        return lines(self.phones)

    def email_list(self):
        return lines(self.emails)

    def places_dpo_list(self):
        return lines(self.places_dpo)

    def places_network_list(self):
        return lines(self.places_network)


class OrgInfoStructPage(OrgInfoSubsectionPage):
    fixed_slug = "struct"

    units = StreamField(
        [("unit", UnitBlock())],
        verbose_name="Структурные подразделения и органы управления",
        blank=True,
        help_text="Наименование, руководитель, место нахождения, сайт, почта и положение каждого.",
    )
    branches = models.TextField("Филиалы", blank=True, help_text="Если филиалов нет, оставьте пустым: будет «нет».")
    representations = models.TextField(
        "Представительства", blank=True, help_text="Если представительств нет, оставьте пустым: будет «нет»."
    )

    content_panels = panels(FieldPanel("units"), FieldPanel("branches"), FieldPanel("representations"))

    class Meta:
        verbose_name = "Структура и органы управления образовательной организацией"


class OrgInfoDocumentsPage(OrgInfoSubsectionPage):
    fixed_slug = "document"

    documents = StreamField(
        [("document", OrgDocumentBlock())],
        verbose_name="Документы",
        blank=True,
        help_text="Устав, локальные акты, отчёт о самообследовании, предписания: для каждого укажите, что это.",
    )

    content_panels = panels(FieldPanel("documents"))

    class Meta:
        verbose_name = "Документы"

    def document_groups(self):
        return group_by_kind(self.documents, DOCUMENT_KINDS)


class OrgInfoEducationPage(OrgInfoSubsectionPage):
    fixed_slug = "education"

    programmes = StreamField(
        [("programme", ProgrammeBlock())],
        verbose_name="Реализуемые образовательные программы",
        blank=True,
        help_text="Каждая программа с её видом, формой, сроком и документами.",
    )
    language = models.CharField("Язык образования", max_length=100, default="русский")
    students = models.TextField(
        "Численность обучающихся",
        blank=True,
        help_text="Сколько человек обучалось за год и за счёт каких средств. Если пусто, будет «нет».",
    )

    content_panels = panels(FieldPanel("programmes"), FieldPanel("language"), FieldPanel("students"))

    class Meta:
        verbose_name = "Образование"


class OrgInfoManagersPage(OrgInfoSubsectionPage):
    fixed_slug = "managers"

    managers = StreamField(
        [
            ("head", PersonBlock()),
            ("deputy", PersonBlock(itemprop="rucovodstvoZam", label="Заместитель руководителя")),
        ],
        verbose_name="Руководитель и заместители",
        blank=True,
        block_counts={"head": {"max_num": 1}},
        help_text="Сначала руководитель, затем заместители: ФИО, должность, телефон, почта.",
    )

    content_panels = panels(FieldPanel("managers"))

    class Meta:
        verbose_name = "Руководство"

    def heads(self):
        return [child for child in self.managers if child.block_type == "head"]

    def deputies(self):
        return [child for child in self.managers if child.block_type == "deputy"]


class OrgInfoEmployeesPage(OrgInfoSubsectionPage):
    fixed_slug = "employees"

    teachers = StreamField(
        [("teacher", TeacherBlock())],
        verbose_name="Педагогические работники",
        blank=True,
        help_text="Каждый, кто ведёт занятия по программам института.",
    )

    content_panels = panels(FieldPanel("teachers"))

    class Meta:
        verbose_name = "Педагогический состав"


# Wagtail gives every page class that names no template its own default, so each items page
# names this shared one again.
ITEMS_TEMPLATE = "home/org_info_items_page.html"


class ItemsPage(OrgInfoSubsectionPage):
    """A subsection whose items are texts or documents of the kinds ``item_kinds``."""

    item_kinds = []

    class Meta:
        abstract = True

    def item_groups(self):
        return group_by_kind(self.items, self.item_kinds)


def items_field(kinds, help_text):
    return StreamField(
        [("item", MarkedItemBlock(kinds=kinds))], verbose_name="Сведения", blank=True, help_text=help_text
    )


class OrgInfoObjectsPage(ItemsPage):
    fixed_slug = "objects"
    item_kinds = OBJECTS_KINDS
    template = "home/org_info_objects_page.html"

    rooms = StreamField(
        [("room", RoomBlock())],
        verbose_name="Учебные помещения",
        blank=True,
        help_text="Аудитории и кабинеты: адрес, оснащённость, приспособленность для инвалидов.",
    )
    items = items_field(OBJECTS_KINDS, "Библиотека, средства обучения, доступ к сетям, доступная среда.")

    content_panels = panels(FieldPanel("rooms"), FieldPanel("items"))

    class Meta:
        verbose_name = "Материально-техническое обеспечение и оснащённость образовательного процесса. Доступная среда"


class OrgInfoPaidServicesPage(ItemsPage):
    fixed_slug = "paid_edu"
    item_kinds = PAID_KINDS
    template = ITEMS_TEMPLATE

    items = items_field(PAID_KINDS, "Порядок оказания услуг, образец договора, стоимость обучения.")

    content_panels = panels(FieldPanel("items"))

    class Meta:
        verbose_name = "Платные образовательные услуги"


class OrgInfoBudgetPage(ItemsPage):
    fixed_slug = "budget"
    item_kinds = BUDGET_KINDS
    template = "home/org_info_budget_page.html"

    volumes = StreamField(
        [("volume", VolumeBlock())],
        verbose_name="Объём образовательной деятельности",
        blank=True,
        help_text="По годам: сколько рублей из каждого источника финансирования.",
    )
    items = items_field(BUDGET_KINDS, "План ФХД, отчёты о поступлении и расходовании средств.")

    content_panels = panels(FieldPanel("volumes"), FieldPanel("items"))

    class Meta:
        verbose_name = "Финансово-хозяйственная деятельность"


class OrgInfoVacanciesPage(OrgInfoSubsectionPage):
    fixed_slug = "vacant"

    vacancies = StreamField(
        [("vacancy", VacancyBlock())],
        verbose_name="Вакантные места",
        blank=True,
        help_text="По каждой программе: число свободных мест по источникам финансирования.",
    )

    content_panels = panels(FieldPanel("vacancies"))

    class Meta:
        verbose_name = "Вакантные места для приёма (перевода) обучающихся"


class OrgInfoGrantsPage(ItemsPage):
    fixed_slug = "grants"
    item_kinds = GRANTS_KINDS
    template = ITEMS_TEMPLATE

    items = items_field(GRANTS_KINDS, "Стипендии, меры поддержки, общежитие — или что их нет.")

    content_panels = panels(FieldPanel("items"))

    class Meta:
        verbose_name = "Стипендии и меры поддержки обучающихся"


class OrgInfoInternationalPage(OrgInfoSubsectionPage):
    fixed_slug = "inter"

    agreements = StreamField(
        [("agreement", AgreementBlock())],
        verbose_name="Договоры с иностранными и международными организациями",
        blank=True,
        help_text="Если договоров нет, оставьте пустым: будет «нет».",
    )

    content_panels = panels(FieldPanel("agreements"))

    class Meta:
        verbose_name = "Международное сотрудничество"


class OrgInfoCateringPage(ItemsPage):
    fixed_slug = "catering"
    item_kinds = CATERING_KINDS
    template = ITEMS_TEMPLATE

    items = items_field(CATERING_KINDS, "Где и как питаются слушатели, как охраняется их здоровье.")

    content_panels = panels(FieldPanel("items"))

    class Meta:
        verbose_name = "Организация питания в образовательной организации"


class OrgInfoStandardsPage(ItemsPage):
    fixed_slug = "eduStandarts"
    item_kinds = STANDARDS_KINDS
    template = ITEMS_TEMPLATE

    items = items_field(STANDARDS_KINDS, "Стандарты и требования, по которым построены программы, — ссылки или файлы.")

    content_panels = panels(FieldPanel("items"))

    class Meta:
        verbose_name = "Образовательные стандарты и требования"
