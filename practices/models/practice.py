"""A best practice: a structured card that another school can compare and replicate."""

from django import forms
from django.db import models
from django.utils.safestring import mark_safe

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from base.blocks import BodyBlock
from base.models import BasePage

from .common import TEXT_FEATURES, AttachedFile, ResourcePage, plain, stream_text
from .snippets import Audience, EducationLevel, PracticeType, Subject


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Шаг", max_length=200, help_text="Коротко: что делается на этом шаге.")
    text = blocks.TextBlock(label="Как это делается", help_text="Кто, что и в какие сроки делает.")
    duration = blocks.CharBlock(label="Сроки", required=False, max_length=100, help_text="Например: сентябрь.")

    class Meta:
        icon = "list-ol"
        label = "Шаг внедрения"


class IndicatorBlock(blocks.StructBlock):
    indicator = blocks.CharBlock(label="Показатель", max_length=200, help_text="Например: доля «двоек» по ВПР.")
    before = blocks.CharBlock(label="Было", max_length=50, help_text="Значение до внедрения, с единицами.")
    after = blocks.CharBlock(label="Стало", max_length=50, help_text="Значение после внедрения, с единицами.")
    period = blocks.CharBlock(label="Период", required=False, max_length=100, help_text="Например: 2023–2025.")

    class Meta:
        icon = "table"
        label = "Результат в цифрах"


class PracticePageTag(TaggedItemBase):
    content_object = ParentalKey("practices.PracticePage", related_name="tagged_items", on_delete=models.CASCADE)


class PracticePage(ResourcePage):
    """A best practice as a structured card, so that practices can be compared and replicated."""

    bank_type = "practice"
    bank_type_label = "Лучшая практика"

    school = models.ForeignKey(
        "registry.School",
        verbose_name="Школа",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
        help_text="Школа из регионального реестра, в которой сложилась практика.",
    )
    authors = models.TextField("Авторы", blank=True, help_text="ФИО и должность каждого автора, по одному на строке.")
    practice_type = models.ForeignKey(
        PracticeType,
        verbose_name="Тип практики",
        null=True,
        on_delete=models.PROTECT,
        related_name="practices",
        help_text="Обучение, управление, воспитание или работа с семьями.",
    )
    levels = ParentalManyToManyField(
        EducationLevel,
        verbose_name="Уровни образования",
        blank=True,
        related_name="practices",
        help_text="На каких уровнях образования применяется практика.",
    )
    subjects = ParentalManyToManyField(
        Subject,
        verbose_name="Предметы",
        blank=True,
        related_name="practices",
        help_text="Оставьте пустым, если практика не предметная (например, управленческая).",
    )
    audiences = ParentalManyToManyField(
        Audience,
        verbose_name="Для кого",
        blank=True,
        related_name="practices",
        help_text="Кому в первую очередь адресована практика.",
    )
    risks = ParentalManyToManyField(
        "registry.Risk",
        verbose_name="Риски, с которыми работает практика",
        blank=True,
        related_name="practices",
        help_text="Из федерального перечня рисков; по ним паспорт школы рекомендует практики.",
    )
    year = models.PositiveSmallIntegerField(
        "Год внедрения", null=True, blank=True, help_text="Год, с которого практика применяется в школе."
    )
    context = RichTextField(
        "Контекст", features=TEXT_FEATURES, help_text="О школе и исходной ситуации: кто учится, какие были условия."
    )
    problem = RichTextField(
        "Проблема", features=TEXT_FEATURES, help_text="Какую трудность решает практика и как её заметили."
    )
    steps = StreamField(
        [("step", StepBlock())],
        verbose_name="Шаги внедрения",
        blank=True,
        help_text="Последовательность действий, по которой практику можно повторить.",
    )
    resources_needed = RichTextField(
        "Необходимые ресурсы",
        blank=True,
        features=TEXT_FEATURES,
        help_text="Кадры, время, оборудование, деньги, партнёры.",
    )
    results = StreamField(
        [("indicator", IndicatorBlock())],
        verbose_name="Результаты в цифрах",
        blank=True,
        help_text="Показатели до и после внедрения.",
    )
    results_text = RichTextField(
        "Результаты: пояснение",
        blank=True,
        features=TEXT_FEATURES,
        help_text="Что изменилось, по каким данным это видно.",
    )
    replication = RichTextField(
        "Условия для тиражирования",
        blank=True,
        features=TEXT_FEATURES,
        help_text="Что нужно другой школе, чтобы повторить практику, и с чего начать.",
    )
    contact_person = models.CharField(
        "Контактное лицо", max_length=200, blank=True, help_text="Кто ответит на вопросы о практике."
    )
    contact_email = models.EmailField("Электронная почта", blank=True, help_text="Адрес для вопросов коллег.")
    contact_phone = models.CharField("Телефон", max_length=50, blank=True, help_text="Необязательно.")
    video_url = models.URLField(
        "Видео", blank=True, help_text="Ссылка на видео о практике (VK Видео, RUTUBE, YouTube)."
    )
    body = StreamField(
        BodyBlock(),
        verbose_name="Дополнительно",
        blank=True,
        help_text="Фотографии, цитаты, таблицы — всё, что не вошло в разделы карточки.",
    )
    tags = ClusterTaggableManager(
        through=PracticePageTag,
        verbose_name="Ключевые слова",
        blank=True,
        help_text="Через запятую, например: функциональная грамотность, наставничество.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("school"),
                FieldPanel("authors"),
                FieldRowPanel([FieldPanel("practice_type"), FieldPanel("year")]),
                FieldPanel("levels", widget=forms.CheckboxSelectMultiple),
                FieldPanel("subjects", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("risks", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading="Паспорт практики",
        ),
        FieldPanel("context"),
        FieldPanel("problem"),
        FieldPanel("steps"),
        FieldPanel("resources_needed"),
        MultiFieldPanel([FieldPanel("results"), FieldPanel("results_text")], heading="Результаты"),
        FieldPanel("replication"),
        MultiFieldPanel(
            [FieldPanel("contact_person"), FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")])],
            heading="Контакты",
        ),
        InlinePanel("files", heading="Приложения", label="Файл"),
        FieldPanel("video_url"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("context"),
        index.SearchField("problem"),
        index.SearchField("steps"),
        index.SearchField("results_text"),
        index.SearchField("replication"),
        index.SearchField("authors"),
        index.FilterField("year"),
    ]

    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Практика"
        verbose_name_plural = "Практики"

    def video_embed(self):
        """The video's player HTML; a provider that cannot be reached leaves only the plain link."""
        if not self.video_url:
            return ""
        try:
            return mark_safe(get_embed(self.video_url, max_width=720).html)  # noqa: S308 (from the provider)
        except EmbedException:
            return ""

    def author_list(self):
        return [line.strip() for line in self.authors.splitlines() if line.strip()]

    def related_materials(self):
        from .material import MaterialPage

        return MaterialPage.objects.live().public().filter(related_practices=self).order_by("title")

    def bank_text_parts(self):
        return [
            self.title,
            self.summary,
            self.practice_type.name if self.practice_type else "",
            str(self.school) if self.school else "",
            self.authors,
            plain(self.context),
            plain(self.problem),
            stream_text(self.steps),
            plain(self.resources_needed),
            stream_text(self.results),
            plain(self.results_text),
            plain(self.replication),
            stream_text(self.body),
            " ".join(tag.name for tag in self.tags.all()),
        ]


class PracticeFile(AttachedFile):
    page = ParentalKey(PracticePage, related_name="files", on_delete=models.CASCADE)

    class Meta(AttachedFile.Meta):
        verbose_name = "Приложение к практике"
        verbose_name_plural = "Приложения к практике"
