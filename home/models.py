from django.db import models
from django.utils import timezone

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock
from .pagination import paginate

# Top-level sections a home page holds; the apps that own them add their page types.
HOME_SECTION_TYPES = [
    "home.ContentPage",
    "home.NewsIndexPage",
    "practices.PracticeIndexPage",
    "practices.MaterialIndexPage",
    "communities.CommunityIndexPage",
    "communities.EventIndexPage",
    "search.BankPage",
    "analytics.AnalyticsIndexPage",
]


class BasePage(Page):
    """Fields every public page shares: a short summary for listings and link previews."""

    summary = models.TextField(
        "Краткое описание",
        blank=True,
        max_length=500,
        help_text="Одно-два предложения для списков, поиска и превью ссылок в соцсетях.",
    )

    search_fields = Page.search_fields + [index.SearchField("summary")]
    promote_panels = Page.promote_panels + [FieldPanel("summary")]

    class Meta:
        abstract = True


class SectionIndexPage(BasePage):
    """A top-level section of the site (news, practices, events...): one per site."""

    intro = RichTextField(
        "Вступление",
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Несколько предложений о разделе над списком.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        abstract = True

    def get_template(self, request, *args, **kwargs):
        # A section without a template of its own shows its introduction with the shared one.
        return [super().get_template(request, *args, **kwargs), "home/section_index_page.html"]


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
        # Imported here: practices' page models build on this module.
        from practices.models import MaterialPage, PracticePage

        context["newest_resources"] = (
            Page.objects.live()
            .public()
            .descendant_of(self)
            .type(PracticePage, MaterialPage)
            .order_by("-first_published_at", "-pk")
            .specific()[:6]
        )
        return context


class ContentPage(BasePage):
    body = StreamField(BodyBlock(), verbose_name="Содержимое", blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

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


class FooterLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Текст ссылки", max_length=100)
    page = blocks.PageChooserBlock(label="Страница", required=False)
    url = blocks.URLBlock(label="Или внешняя ссылка", required=False)

    class Meta:
        icon = "link"
        label = "Ссылка"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(
        "Название организации",
        max_length=300,
        default="Институт развития образования",
        help_text="Полное название, показывается в шапке и подвале сайта.",
    )
    short_name = models.CharField(
        "Краткое название", max_length=100, blank=True, help_text="Для заголовков вкладок браузера."
    )
    address = models.CharField("Адрес", max_length=300, blank=True, help_text="Почтовый адрес организации.")
    phone = models.CharField("Телефон", max_length=50, blank=True, help_text="Телефон для справок.")
    email = models.EmailField("Электронная почта", blank=True, help_text="Адрес для обращений.")
    privacy_policy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Политика обработки персональных данных",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Страница с политикой (152-ФЗ); ссылка на неё стоит в подвале и у каждой формы.",
    )
    footer_links = StreamField(
        [("link", FooterLinkBlock())],
        verbose_name="Ссылки в подвале",
        blank=True,
        help_text="Например: сведения об организации, контакты, карта сайта.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("short_name")],
            heading="Организация",
        ),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")], heading="Контакты"),
        FieldPanel("privacy_policy_page"),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = "Настройки сайта"
