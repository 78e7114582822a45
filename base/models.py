"""Page base classes and site-wide settings every feature app builds on."""

from django.db import models

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index


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
        return [super().get_template(request, *args, **kwargs), "base/section_index_page.html"]


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
