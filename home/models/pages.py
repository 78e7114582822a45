from django.db import models
from django.utils import timezone

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from base.blocks import BodyBlock
from base.models import BasePage, SectionIndexPage
from base.pagination import paginate

# Top-level sections a home page holds; the apps that own them add their page types.
HOME_SECTION_TYPES = [
    "home.ContentPage",
    "home.NewsIndexPage",
    "home.OrgInfoIndexPage",
    "practices.PracticeIndexPage",
    "practices.MaterialIndexPage",
    "communities.CommunityIndexPage",
    "communities.EventIndexPage",
    "parents.ConsultationServicePage",
    "search.BankPage",
    "analytics.AnalyticsIndexPage",
]


class AudienceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Кому", max_length=80, help_text="Например: «Учителям».")
    text = blocks.TextBlock(label="Что здесь найдёт эта аудитория")
    page = blocks.PageChooserBlock(label="Куда вести")
    link_text = blocks.CharBlock(label="Текст ссылки", max_length=60)

    class Meta:
        icon = "group"
        label = "Вход для аудитории"


class HomePage(BasePage):
    intro = RichTextField(
        "О программе",
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Что это за программа и кому помогает портал: первый текст на главной.",
    )
    audiences = StreamField(
        [("audience", AudienceBlock())],
        verbose_name="Входы для аудиторий",
        blank=True,
        help_text="Карточки для учителей, методистов, специалистов и родителей.",
    )
    body = StreamField(BodyBlock(), verbose_name="Дополнительное содержимое", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("audiences"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = HOME_SECTION_TYPES
    max_count = 1

    class Meta:
        verbose_name = "Главная страница"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = (
            NewsArticlePage.objects.live().public().descendant_of(self).order_by("-date", "-pk")[:3]
        )
        # The newest practices and materials come from the library's template tag.
        return context


class ContentPage(BasePage):
    body = StreamField(BodyBlock(), verbose_name="Содержимое", blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage", "base.ConsentPage"]

    class Meta:
        verbose_name = "Информационная страница"
        verbose_name_plural = "Информационные страницы"


class NewsIndexPage(SectionIndexPage):
    subpage_types = ["home.NewsArticlePage"]
    per_page = 10

    class Meta:
        verbose_name = "Раздел новостей"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = NewsArticlePage.objects.live().public().child_of(self).order_by("-date", "-pk")
        context["articles"] = paginate(request, articles, self.per_page)
        return context


class NewsArticlePage(BasePage):
    date = models.DateField("Дата публикации", default=timezone.localdate)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Изображение",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Показывается в списке новостей и в начале статьи.",
    )
    body = StreamField(BodyBlock(), verbose_name="Текст новости")

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("image")], heading="Публикация"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body"), index.FilterField("date")]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Новость"
        verbose_name_plural = "Новости"
