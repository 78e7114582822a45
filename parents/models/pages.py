"""The service's pages: the service itself with its form routes, consultants, FAQ, lectures."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from base.blocks import BodyBlock
from base.models import BasePage, ConsentPage
from base.roles import CONSULTANTS

from ..choices import FORMAT_SHORT, SLOT_FORMATS, Format
from .requests import ConsultationTopic

BRIEF_TEXT = ["bold", "italic", "link"]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Шаг", max_length=120)
    text = blocks.TextBlock(label="Пояснение", required=False)

    class Meta:
        icon = "list-ol"
        label = "Шаг"


class FormatBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Формат", max_length=120, help_text="Например: «По телефону».")
    text = blocks.TextBlock(label="Как это проходит", required=False)

    class Meta:
        icon = "mail"
        label = "Формат консультации"


class ScheduleBlock(blocks.StructBlock):
    days = blocks.CharBlock(label="Дни", max_length=80, help_text="Например: «Понедельник, среда».")
    hours = blocks.CharBlock(label="Часы", max_length=80, help_text="Например: «15:00–19:00».")
    formats = blocks.CharBlock(
        label="Формат", max_length=120, required=False, help_text="Например: «по телефону и по видеосвязи»."
    )

    class Meta:
        icon = "time"
        label = "Часы приёма"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="Вопрос", max_length=300)
    answer = blocks.RichTextBlock(label="Ответ", features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = "Вопрос и ответ"


class ConsultationServicePage(RoutablePageMixin, BasePage):
    """The service: what it helps with, how it works, contacts, and the parents' forms.

    The forms are routes of this page (``request/``, ``status/``, ``delete/``) rather than
    pages of their own: they belong to this service, take its consent text and contacts, and
    cannot be moved away from it by accident.
    """

    intro = RichTextField("Вступление", blank=True, features=BRIEF_TEXT, help_text="Кому и чем помогает служба.")
    steps = StreamField(
        [("step", StepBlock())],
        verbose_name="Как это работает",
        blank=True,
        help_text="Три–пять шагов от обращения до ответа.",
    )
    formats = StreamField([("format", FormatBlock())], verbose_name="Форматы консультаций", blank=True)
    hours = models.TextField(
        "Часы работы", blank=True, max_length=500, help_text="Например: «Понедельник–пятница, 9:00–18:00»."
    )
    phone = models.CharField(
        "Телефон службы", max_length=50, blank=True, help_text="Если пусто, показывается телефон из настроек сайта."
    )
    email = models.EmailField(
        "Электронная почта службы", blank=True, help_text="Если пусто, показывается адрес из настроек сайта."
    )
    address = models.CharField("Адрес для очных консультаций", max_length=300, blank=True)
    notification_email = models.EmailField(
        "Куда сообщать о новых обращениях",
        blank=True,
        help_text="Служебный адрес: сюда приходит уведомление о каждом новом обращении (без персональных данных). "
        "Если пусто — адрес из настройки CONSULTATION_NOTIFY_EMAIL или из настроек сайта.",
    )
    consent_page = models.ForeignKey(
        ConsentPage,
        verbose_name="Текст согласия на обработку персональных данных",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Без опубликованного текста согласия форма обращения закрыта.",
    )
    request_intro = RichTextField(
        "Текст над формой",
        blank=True,
        features=BRIEF_TEXT,
        help_text="Что написать в вопросе, чтобы ответ был полезнее.",
    )
    body = StreamField(BodyBlock(), verbose_name="Дополнительное содержимое", blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("steps"),
        FieldPanel("formats"),
        MultiFieldPanel(
            [FieldPanel("hours"), FieldPanel("phone"), FieldPanel("email"), FieldPanel("address")], heading="Контакты"
        ),
        MultiFieldPanel(
            [FieldPanel("consent_page"), FieldPanel("request_intro"), FieldPanel("notification_email")],
            heading="Форма обращения",
        ),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("hours")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["parents.ConsultantIndexPage", "parents.FAQPage", "parents.LecturesPage"]
    max_count = 1

    class Meta:
        verbose_name = "Консультационная служба для родителей"

    @path("")
    def service(self, request):
        return self.render(request)

    @path("request/", name="request")
    def request_form(self, request):
        from ..views import request_form

        return request_form(request, self)

    @path("request/done/", name="request_done")
    def request_done(self, request):
        from ..views import request_done

        return request_done(request, self)

    @path("status/", name="status")
    def status(self, request):
        from ..views import status_lookup

        return status_lookup(request, self)

    @path("delete/", name="delete")
    def deletion(self, request):
        from ..views import deletion_request

        return deletion_request(request, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.nav_context())
        context["topics"] = ConsultationTopic.objects.filter(active=True)
        context["consultants"] = (
            ConsultantPage.objects.live().public().descendant_of(self).select_related("photo").order_by("path")[:4]
        )
        context["answer_days"] = settings.CONSULTATION_ANSWER_DAYS
        return context

    def nav_context(self) -> dict:
        """The service's sections, for its menu on each of its pages."""
        return {
            "service": self,
            "consultant_index": ConsultantIndexPage.objects.live().public().child_of(self).first(),
            "faq_page": FAQPage.objects.live().public().child_of(self).first(),
            "lectures_page": LecturesPage.objects.live().public().child_of(self).first(),
        }

    def notification_address(self, site_settings) -> str:
        return self.notification_email or settings.CONSULTATION_NOTIFY_EMAIL or site_settings.email


def _service_nav(page) -> dict:
    service = ConsultationServicePage.objects.ancestor_of(page).live().first()
    return service.nav_context() if service else {"service": None}


class ConsultantIndexPage(BasePage):
    intro = RichTextField("Вступление", blank=True, features=BRIEF_TEXT)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["parents.ConsultationServicePage"]
    subpage_types = ["parents.ConsultantPage"]
    max_count = 1

    class Meta:
        verbose_name = "Консультанты службы"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["consultants"] = (
            ConsultantPage.objects.live().public().child_of(self).select_related("photo").prefetch_related("topics")
        )
        context.update(_service_nav(self))
        return context


class ConsultantPage(BasePage):
    """A consultant's public profile: who they are, what they help with, when they receive."""

    position = models.CharField("Должность", max_length=200, help_text="Например: «педагог-психолог».")
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Фотография",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Портрет; с описанием для незрячих пользователей.",
    )
    specialisation = models.CharField(
        "Специализация",
        max_length=300,
        help_text="С чем чаще всего обращаются, например: «трудности в обучении, подготовка к ОГЭ».",
    )
    topics = ParentalManyToManyField(ConsultationTopic, verbose_name="Темы", blank=True, related_name="consultants")
    bio = RichTextField("О консультанте", blank=True, features=BRIEF_TEXT + ["ul"])
    schedule = StreamField([("hours", ScheduleBlock())], verbose_name="Часы приёма", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Учётная запись",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"groups__name": CONSULTANTS},
        help_text="Сотрудник из группы «Консультанты»: обращения на выбранное родителем время назначаются ему.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("position"),
        FieldPanel("photo"),
        FieldPanel("specialisation"),
        FieldPanel("topics"),
        FieldPanel("bio"),
        FieldPanel("schedule"),
        InlinePanel("slots", heading="Время для записи", label="Время"),
        FieldPanel("user"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("specialisation"), index.SearchField("position")]

    parent_page_types = ["parents.ConsultantIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Консультант"
        verbose_name_plural = "Консультанты"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["free_slots"] = ConsultationSlot.objects.filter(page=self).free()
        context.update(_service_nav(self))
        return context


class ConsultationSlotQuerySet(models.QuerySet):
    def free(self, now: datetime.datetime | None = None):
        """Times still to come (with a day to prepare), not taken, of published consultants."""
        earliest = (now or timezone.now()) + datetime.timedelta(hours=24)
        return self.filter(starts_at__gte=earliest, request__isnull=True, page__live=True).order_by("starts_at")


class ConsultationSlot(Orderable):
    """A time a consultant offers for an appointment; a request may take it (one request each)."""

    page = ParentalKey(ConsultantPage, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField("Начало")
    duration_minutes = models.PositiveSmallIntegerField("Длительность, мин", default=45)
    format = models.CharField("Формат", max_length=20, choices=SLOT_FORMATS, default=Format.PHONE)

    objects = ConsultationSlotQuerySet.as_manager()

    panels = [FieldPanel("starts_at"), FieldPanel("duration_minutes"), FieldPanel("format")]

    class Meta(Orderable.Meta):
        verbose_name = "Время для записи"
        verbose_name_plural = "Время для записи"
        ordering = ["starts_at"]

    def __str__(self):
        start = timezone.localtime(self.starts_at)
        return f"{start:%d.%m.%Y %H:%M}, {FORMAT_SHORT[Format(self.format)]}, {self.page.title}"


class FAQPage(BasePage):
    intro = RichTextField("Вступление", blank=True, features=BRIEF_TEXT)
    questions = StreamField([("question", QuestionBlock())], verbose_name="Вопросы и ответы", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("questions")]
    search_fields = BasePage.search_fields + [index.SearchField("questions")]

    parent_page_types = ["parents.ConsultationServicePage"]
    subpage_types = []

    class Meta:
        verbose_name = "Частые вопросы родителей"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(_service_nav(self))
        return context


class LecturesPage(BasePage):
    """Lectures and meetings for parents: the calendar's events for the audience «parents»."""

    intro = RichTextField("Вступление", blank=True, features=BRIEF_TEXT)
    body = StreamField(BodyBlock(), verbose_name="Содержимое", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["parents.ConsultationServicePage"]
    subpage_types = []

    class Meta:
        verbose_name = "Лекции для родителей"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(_service_nav(self))
        return context
