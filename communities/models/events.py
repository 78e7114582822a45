"""Events of the calendar: seminars, webinars, master classes, internships...

An event page holds what editors write; its dates live in ``EventOccurrence`` rows made from
the page on publishing (``communities.occurrences``), one per occurrence of a repeating event.
The calendar, the feeds and registrations work on those rows.
"""

import zoneinfo
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from base.blocks import BodyBlock
from base.models import BasePage, SectionIndexPage
from communities import recurrence

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "document-link"]


def zone_choices():
    """Zones of Europe and Asia (Russia's are among them) for the editor's drop-down."""
    zones = sorted(zone for zone in zoneinfo.available_timezones() if zone.startswith(("Europe/", "Asia/")))
    return [(zone, zone) for zone in zones]


class EventIndexPage(RoutablePageMixin, SectionIndexPage):
    """The calendar of seminars, webinars and other events.

    Routes (views in communities.views.calendar): the month grid with the upcoming list,
    ``archive/`` with past events' materials and recordings, and ``feed.ics`` to subscribe to.
    """

    consent_page = models.ForeignKey(
        "base.ConsentPage",
        verbose_name="Текст согласия на обработку персональных данных",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Без опубликованного текста согласия регистрация на мероприятия закрыта.",
    )

    content_panels = SectionIndexPage.content_panels + [FieldPanel("consent_page")]
    subpage_types = ["communities.EventPage"]

    class Meta:
        verbose_name = "Календарь мероприятий"

    def get_template(self, request, *args, **kwargs):
        return "communities/event_index_page.html"

    # The views import the models, so they are imported when a route is served.
    @path("", name="calendar")
    def index_route(self, request, *args, **kwargs):
        from communities.views import calendar

        return calendar.calendar_view(request, self)

    @path("archive/", name="archive")
    def archive(self, request):
        from communities.views import calendar

        return calendar.archive_view(request, self)

    @path("feed/", name="feed")
    def feed(self, request):
        from communities.views import calendar

        return calendar.feed_view(request, self)


class EventPage(RoutablePageMixin, BasePage):
    class Kind(models.TextChoices):
        SEMINAR = "seminar", "Семинар"
        WEBINAR = "webinar", "Вебинар"
        MASTER_CLASS = "master_class", "Мастер-класс"
        CONFERENCE = "conference", "Конференция"
        ROUND_TABLE = "round_table", "Круглый стол"
        INTERNSHIP = "internship", "Стажировка"
        METHODOLOGICAL_DAY = "methodological_day", "Методический день"
        LECTURE = "lecture", "Лекция"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "Очно"
        ONLINE = "online", "Онлайн"
        MIXED = "mixed", "Смешанный"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Состоится"
        MOVED = "moved", "Перенесено"
        CANCELLED = "cancelled", "Отменено"

    class Repeat(models.TextChoices):
        ONCE = recurrence.ONCE, "Не повторяется"
        WEEKLY = recurrence.WEEKLY, "Каждую неделю"
        MONTHLY_BY_DATE = recurrence.MONTHLY_BY_DATE, "Каждый месяц в то же число"
        MONTHLY_BY_WEEKDAY = recurrence.MONTHLY_BY_WEEKDAY, "Каждый месяц в тот же день недели (например, вторая среда)"

    kind = models.CharField("Вид мероприятия", max_length=30, choices=Kind.choices)
    start = models.DateTimeField("Начало", help_text="Дата и время начала (первого занятия, если повторяется).")
    end = models.DateTimeField("Окончание", help_text="Дата и время окончания того же занятия.")
    time_zone = models.CharField(
        "Часовой пояс",
        max_length=40,
        default=settings.TIME_ZONE,
        help_text="Пояс, в котором указаны время начала и окончания; на сайте время показывается с его названием.",
    )
    repeat = models.CharField("Повторение", max_length=20, choices=Repeat.choices, default=Repeat.ONCE)
    repeat_interval = models.PositiveSmallIntegerField(
        "Интервал", default=1, help_text="1 — каждую неделю (месяц), 2 — через одну и т. д."
    )
    repeat_until = models.DateField(
        "Повторять до", null=True, blank=True, help_text="Дата последнего занятия включительно."
    )
    format = models.CharField("Формат", max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    place = models.CharField(
        "Место проведения", max_length=300, blank=True, help_text="Адрес и аудитория для очного участия."
    )
    online_url = models.URLField(
        "Ссылка на трансляцию",
        blank=True,
        help_text="Видна только зарегистрированным участникам (в письме и по их личной ссылке).",
    )
    audiences = ParentalManyToManyField(
        "practices.Audience", verbose_name="Для кого", blank=True, related_name="+", help_text="Кому адресовано."
    )
    subjects = ParentalManyToManyField(
        "practices.Subject", verbose_name="Предметы", blank=True, related_name="+", help_text="Пусто — межпредметное."
    )
    community = models.ForeignKey(
        "communities.CommunityPage",
        verbose_name="Сообщество",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="Сообщество, которое проводит мероприятие.",
    )
    host_school = models.ForeignKey(
        "registry.School",
        verbose_name="Школа-организатор",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_calendar_events",
        help_text="Школа, на базе которой проходит мероприятие (для выездных и стажировок).",
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name="Муниципалитет",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Если пусто и указана школа-организатор — муниципалитет школы.",
    )
    hours = models.DecimalField(
        "Часов", max_digits=5, decimal_places=1, default=0, help_text="Для зачёта в повышении квалификации."
    )
    counts_as_experience_exchange = models.BooleanField(
        "Обмен опытом",
        default=False,
        help_text="Учитывается в мониторинге программы как мероприятие по обмену опытом.",
    )
    registration_required = models.BooleanField("Нужна регистрация", default=True)
    capacity = models.PositiveIntegerField(
        "Мест", null=True, blank=True, help_text="На одно занятие. Пусто — без ограничения."
    )
    registration_deadline = models.DateTimeField(
        "Регистрация до", null=True, blank=True, help_text="Пусто — до начала занятия."
    )
    status = models.CharField("Статус", max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    status_note = models.CharField(
        "Пояснение к статусу", max_length=300, blank=True, help_text="Например: «Перенесено с 12 марта»."
    )
    description = RichTextField("Описание", features=TEXT_FEATURES, blank=True)
    agenda = RichTextField("Программа", features=TEXT_FEATURES, blank=True, help_text="Порядок выступлений, время.")
    results = StreamField(
        BodyBlock(),
        verbose_name="Итоги",
        blank=True,
        help_text="После мероприятия: итоги, фотографии, запись.",
    )
    recording_url = models.URLField("Запись", blank=True, help_text="Ссылка на запись после мероприятия.")

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("time_zone", widget=forms.Select(choices=zone_choices)),
                FieldRowPanel([FieldPanel("repeat"), FieldPanel("repeat_interval"), FieldPanel("repeat_until")]),
                InlinePanel("skipped_dates", label="Отменённая дата", heading="Отменённые даты серии"),
            ],
            heading="Когда",
        ),
        MultiFieldPanel(
            [FieldPanel("format"), FieldPanel("place"), FieldPanel("online_url")],
            heading="Где",
        ),
        MultiFieldPanel(
            [
                # Checkboxes, as in the library's pages: a bare multi-select needs Ctrl to pick two.
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("subjects", widget=forms.CheckboxSelectMultiple),
                FieldPanel("community"),
                FieldPanel("host_school"),
                FieldPanel("municipality"),
                FieldPanel("hours"),
                FieldPanel("counts_as_experience_exchange"),
            ],
            heading="Для кого и зачем",
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_required"),
                FieldPanel("capacity"),
                FieldPanel("registration_deadline"),
            ],
            heading="Регистрация",
        ),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("status_note")], heading="Статус"),
        FieldPanel("description"),
        FieldPanel("agenda"),
        InlinePanel("speakers", label="Выступающий", heading="Выступающие"),
        InlinePanel("materials", label="Материал", heading="Материалы"),
        FieldPanel("recording_url"),
        FieldPanel("results"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("agenda"),
        index.SearchField("place"),
        index.SearchField("status_note"),
        index.RelatedFields("speakers", [index.SearchField("name"), index.SearchField("topic")]),
        index.RelatedFields("community", [index.SearchField("title")]),
        index.FilterField("kind"),
        index.FilterField("start"),
    ]

    parent_page_types = ["communities.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Мероприятие"
        verbose_name_plural = "Мероприятия"

    # Registration routes; the views live in communities.views.registration (imported late:
    # the views import the models).
    @path("register/<int:occurrence_id>/", name="register")
    def register(self, request, occurrence_id):
        from communities.views import registration

        return registration.register(request, self, occurrence_id)

    @path("registration/<str:token>/", name="registration")
    def registration(self, request, token):
        from communities.views import registration

        return registration.manage(request, self, token)

    @path("ical/", name="ical")
    def ical(self, request):
        """The event's occurrences as an .ics file to add to one's calendar."""
        from communities import ical

        return ical.ical_response(ical.event_calendar(self, request), f"{self.slug}.ics", attachment=True)

    def get_context(self, request, *args, **kwargs):
        from communities.views import events

        context = super().get_context(request, *args, **kwargs)
        context.update(events.event_context(request, self))
        return context

    # The resource bank (search/indexing.py) indexes pages that have bank_document().
    bank_type = "event"
    bank_type_label = "Мероприятие"

    def first_day(self):
        """The local date of the first occurrence, from the page itself (rows may not exist yet
        when the bank indexes the page: both listen to the same publishing signal)."""
        planned = self.planned_occurrences()
        moment = planned[0].start if planned else self.start
        return timezone.localdate(moment) if moment else None

    def bank_document(self):
        day = self.first_day()
        speakers = [f"{speaker.name} {speaker.position} {speaker.topic}" for speaker in self.speakers.all()]
        text_parts = [
            self.title,
            self.summary,
            self.get_kind_display(),
            strip_tags(self.description),
            strip_tags(self.agenda),
            self.place,
            self.community.title if self.community_id else "",
            *speakers,
        ]
        return {
            "title": self.title,
            "type": self.bank_type,
            "type_label": self.bank_type_label,
            "summary": self.summary or Truncator(strip_tags(self.description)).words(40),
            "text": "\n".join(" ".join(part.split()) for part in text_parts if part),
            "attachments": [material.document for material in self.materials.all()],
            "facets": {
                "type": [(self.bank_type, self.bank_type_label)],
                "subject": [(subject.slug, subject.name) for subject in self.subjects.all()],
                "audience": [(audience.slug, audience.name) for audience in self.audiences.all()],
                "year": [(str(day.year), str(day.year))] if day else [],
            },
            "date": day,
            "downloads": 0,
        }

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "Окончание должно быть позже начала."
        elif self.start and self.end and self.end - self.start > timedelta(days=31):
            errors["end"] = "Одно занятие не может длиться больше месяца; для серии задайте повторение."
        if self.time_zone not in zoneinfo.available_timezones():
            errors["time_zone"] = "Неизвестный часовой пояс."
        if self.repeat != self.Repeat.ONCE and not self.repeat_until:
            errors["repeat_until"] = "Укажите, до какой даты повторяется мероприятие."
        if self.format in (self.Format.IN_PERSON, self.Format.MIXED) and not self.place:
            errors["place"] = "Укажите место проведения очного мероприятия."
        if self.format in (self.Format.ONLINE, self.Format.MIXED) and not self.online_url:
            errors["online_url"] = "Укажите ссылку на трансляцию онлайн-мероприятия."
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def planned_occurrences(self) -> list[recurrence.Occurrence]:
        """What the page says about its dates, before it is stored as rows."""
        cancelled_days = {skipped.day for skipped in self.skipped_dates.all()}
        return recurrence.expand(
            self.start,
            self.end,
            self.time_zone,
            self.repeat,
            self.repeat_interval,
            self.repeat_until,
            cancelled_days,
        )

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    def event_municipality(self):
        if self.municipality_id:
            return self.municipality
        return self.host_school.municipality if self.host_school_id else None

    def upcoming_occurrences(self):
        return self.occurrences.filter(end__gte=timezone.now()).order_by("start")


class SkippedDate(Orderable):
    """A date of a series that does not take place (a holiday, an exam day)."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="skipped_dates")
    day = models.DateField("Дата")
    reason = models.CharField("Причина", max_length=200, blank=True)

    panels = [FieldPanel("day"), FieldPanel("reason")]


class EventSpeaker(Orderable):
    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField("ФИО", max_length=200)
    position = models.CharField("Должность и организация", max_length=300, blank=True)
    topic = models.CharField("Тема выступления", max_length=300, blank=True)

    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("topic")]


class EventMaterial(Orderable):
    """A handout, presentation or other file of the event, published with it or afterwards."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="materials")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="Документ", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("Подпись", max_length=200, blank=True, help_text="Если пусто — название документа.")

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def label(self):
        return self.title or self.document.title
