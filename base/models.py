"""Page base classes and site-wide settings every feature app builds on."""

from django.db import models

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .slugs import LatinSlugMixin


class BasePage(LatinSlugMixin, Page):
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


class ConsentPage(BasePage):
    """The text of a consent to personal-data processing (152-ФЗ), one page per purpose.

    Since September 2025 the consent is a document of its own, separate from the privacy
    policy; a form that collects personal data links to its page, and every record made
    through the form keeps the edition the person agreed to (``ConsentGiven``).
    """

    edition = models.CharField(
        "Редакция",
        max_length=100,
        help_text="Например: «1 от 01.09.2025». Меняйте при каждом изменении текста согласия.",
    )
    text = RichTextField(
        "Текст согласия",
        features=["bold", "italic", "ol", "ul", "link"],
        help_text="Кто обрабатывает данные, какие, для чего, как долго хранит и как отозвать согласие.",
    )

    content_panels = Page.content_panels + [FieldPanel("edition"), FieldPanel("text")]
    # Beside the privacy policy, which is a content page.
    parent_page_types = ["home.ContentPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Согласие на обработку персональных данных"

    def stamp(self) -> str:
        """What a record keeps of this text: the edition and the revision it was published in."""
        return f"{self.edition} (страница {self.pk}, ред. {self.live_revision_id})"[:200]


class ConsentGiven(models.Model):
    """Fields of a record made with a person's consent: which text, which edition, when."""

    consent_page = models.ForeignKey(
        ConsentPage,
        verbose_name="Текст согласия",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    consent_version = models.CharField("Редакция согласия", max_length=200, editable=False)
    consented_at = models.DateTimeField("Согласие дано", editable=False)

    class Meta:
        abstract = True


class OutgoingEmail(models.Model):
    """A letter the portal owes someone, kept until the mail server has taken it.

    Forms never talk to the mail server: they store the letter and the background queue
    delivers it (``base.mail``), so an SMTP outage delays mail and loses none of it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Ожидает отправки"
        SENT = "sent", "Отправлено"
        FAILED = "failed", "Не удалось отправить"

    purpose = models.CharField("Назначение", max_length=100, blank=True)
    recipients = models.JSONField("Получатели", default=list)
    reply_to = models.JSONField("Ответ на адрес", default=list, blank=True)
    subject = models.CharField("Тема", max_length=300)
    body_text = models.TextField("Текст")
    body_html = models.TextField("HTML", blank=True)
    # Small files only (an event's .ics): [{"filename", "mimetype", "content"}], text content.
    attachments = models.JSONField("Вложения", default=list, blank=True)
    status = models.CharField("Состояние", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("Попыток", default=0)
    last_error = models.TextField("Последняя ошибка", blank=True)
    next_attempt_at = models.DateTimeField("Следующая попытка", db_index=True)
    created_at = models.DateTimeField("Создано", auto_now_add=True)
    sent_at = models.DateTimeField("Отправлено", null=True, blank=True)

    class Meta:
        verbose_name = "Исходящее письмо"
        verbose_name_plural = "Исходящие письма"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.recipients)}"
