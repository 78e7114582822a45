"""Registrations for events in the Wagtail admin: the list with filters and its CSV/XLSX export,
an event's page of occurrences with their figures, attendance marking per occurrence, and a
staff cancellation that frees the seat for the waiting list.

Methodists get these rights from ``communities.roles``. Nobody adds or deletes a registration
here: a registration is a person's own act with their consent, and its history (who cancelled,
who was promoted) is what staff read afterwards.
"""

import csv
import datetime

import django_filters

from django import forms
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views import View

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.views.mixins import Echo
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from registry.models import Municipality

from . import registration as service
from .attendance import occurrence_figures
from .models import EventOccurrence, EventPage, Registration

VIEW = "communities.view_registration"
CHANGE = "communities.change_registration"
# Ids past a 64-bit integer make the database raise instead of finding nothing.
MAX_ID = 2**63 - 1


def _ids(values) -> set[int]:
    """The row ids among posted values; anything else (text, huge numbers) is no row at all."""
    return {int(value) for value in values if value.isdigit() and 0 < int(value) <= MAX_ID}


class RegistrationPolicy(ModelPermissionPolicy):
    """Registrations are seen and changed (attendance, cancellation), never made or deleted."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)


# --- export -------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """Text a spreadsheet will not run as a formula: names and organisations are typed by the
    public, and «=HYPERLINK(...)» in a name must reach the methodist's Excel as text."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _attended(registration):
    return {True: "да", False: "нет"}.get(registration.attended, "не отмечено")


# key: (heading, value of a registration)
EXPORT_COLUMNS = {
    "full_name": ("ФИО", lambda r: r.full_name),
    "email": ("Электронная почта", lambda r: r.email),
    "school_code": ("Код школы", lambda r: r.school.code if r.school_id else ""),
    "school": ("Школа или организация", lambda r: r.school_label),
    "municipality": ("Муниципалитет", lambda r: r.school.municipality.name if r.school_id else ""),
    "position": ("Должность", lambda r: r.position),
    "event": ("Мероприятие", lambda r: r.occurrence.event.title),
    "start": ("Начало занятия", lambda r: _local(r.occurrence.start)),
    "status": ("Статус", lambda r: r.get_status_display()),
    "attended": ("Присутствие", _attended),
    "hours": ("Часов", lambda r: r.occurrence.event.hours if r.attended else 0),
    "created_at": ("Зарегистрирован", lambda r: _local(r.created_at)),
    "promoted_at": ("Из листа ожидания", lambda r: _local(r.promoted_at)),
    "cancelled_at": ("Отменено", lambda r: _local(r.cancelled_at)),
    "consent_version": ("Редакция согласия", lambda r: r.consent_version),
    "consented_at": ("Согласие дано", lambda r: _local(r.consented_at)),
}


class RegistrationIndexView(IndexView):
    """The listing with its CSV/XLSX export: local times, formula-safe text, a CSV that opens in
    Excel with Russian settings as a table (a BOM and «;», as the portal's other exports)."""

    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime.datetime: {
            IndexView.FORMAT_CSV: lambda value: value.strftime("%d.%m.%Y %H:%M"),
            IndexView.FORMAT_XLSX: None,
        },
        str: {IndexView.FORMAT_CSV: spreadsheet_text, IndexView.FORMAT_XLSX: spreadsheet_text},
    }

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("occurrence__event", "school__municipality")

    def to_row_dict(self, item):
        return {key: EXPORT_COLUMNS[key][1](item) for key in self.list_export}

    def get_heading(self, queryset, field):
        return EXPORT_COLUMNS[field][0]

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=";")
        yield "\ufeff".encode() + writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))


ATTENDANCE_CHOICES = [("yes", "Присутствовал"), ("no", "Отсутствовал"), ("unmarked", "Не отмечено")]


class RegistrationFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        label="Мероприятие", field_name="occurrence__event", queryset=EventPage.objects.order_by("-start")
    )
    occurrence = django_filters.ModelChoiceFilter(
        label="Занятие", queryset=EventOccurrence.objects.select_related("event").order_by("-start")
    )
    status = django_filters.MultipleChoiceFilter(
        label="Статус", choices=Registration.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    attended = django_filters.ChoiceFilter(label="Присутствие", choices=ATTENDANCE_CHOICES, method="filter_attended")
    municipality = django_filters.ModelChoiceFilter(
        label="Муниципалитет", field_name="school__municipality", queryset=Municipality.objects.order_by("name")
    )
    created_at = django_filters.DateFromToRangeFilter(label="Дата регистрации", widget=DateRangePickerWidget)

    class Meta:
        model = Registration
        fields = []

    def filter_attended(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(attended=True)
        if value == "no":
            return queryset.filter(attended=False)
        if value == "unmarked":
            return queryset.filter(attended__isnull=True)
        return queryset


class RegistrationViewSet(ModelViewSet):
    model = Registration
    name = "event_registrations"
    url_prefix = "communities/registrations"
    icon = "group"
    menu_label = "Регистрации"
    menu_order = 230
    add_to_admin_menu = True
    index_view_class = RegistrationIndexView
    # Only attendance is edited by hand; statuses change through the rules (cancel, promote).
    form_fields = ["attended"]
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "full_name",
        "email",
        "school",
        "organisation",
        "position",
        "occurrence",
        "status",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "attended",
        "reminded_at",
        "consent_version",
        "consented_at",
    ]
    list_display = [
        "full_name",
        "email",
        Column("school_label", label="Школа или организация"),
        "occurrence",
        "status",
        Column("attended", label="Присутствие", accessor=_attended),
    ]
    list_per_page = 50
    filterset_class = RegistrationFilterSet
    search_fields = ["full_name", "email", "organisation", "school__name", "position"]
    list_export = list(EXPORT_COLUMNS)
    export_filename = "registrations"

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(page_title="Регистрации на мероприятия", **kwargs)


register_permission_policy(Registration, RegistrationPolicy(Registration))


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return RegistrationViewSet()


# --- an event's occurrences, attendance, a staff cancellation -------------------------------------


class RegistrationAdminView(WagtailAdminTemplateMixin, View):
    """Checks the right before anything is read; refusals are a page in the admin, not a redirect."""

    header_icon = "group"
    permission = VIEW

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            return self.render({"message": FORBIDDEN}, status=403, template_name="communities/admin/message.html")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("event_registrations:index"), "label": "Регистрации на мероприятия"},
            *self.trail(),
            {"url": "", "label": self.get_header_title()},
        ]

    def trail(self):
        """Crumbs between the list of registrations and this page."""
        return []

    def render(self, context, status=200, template_name=None):
        context = {**self.get_context_data(), **context}
        return TemplateResponse(self.request, template_name or self.template_name, context, status=status)

    def not_found(self, message):
        self.page_title = "Не найдено"
        return self.render({"message": message}, status=404, template_name="communities/admin/message.html")

    def list_url(self, **filters):
        query = "&".join(f"{name}={value}" for name, value in filters.items())
        return reverse("event_registrations:index") + (f"?{query}" if query else "")


FORBIDDEN = (
    "У вашей учётной записи нет прав на регистрации участников мероприятий. Их выдаёт администратор "
    "портала (обычно через группу «Методисты»)."
)


class EventRegistrationsView(RegistrationAdminView):
    """Every occurrence of one event with seats, queue, attendance and the ways to the lists."""

    template_name = "communities/admin/event_registrations.html"
    page_title = "Регистрации и посещаемость"

    def get(self, request, event_id):
        event = EventPage.objects.filter(pk=event_id).first() if event_id <= MAX_ID else None
        if event is None:
            return self.not_found("Такого мероприятия нет: возможно, его страница удалена.")
        self.page_subtitle = event.title
        occurrences = []
        for occurrence in event.occurrences.order_by("start"):
            occurrence.event = event
            occurrences.append(
                {
                    "occurrence": occurrence,
                    "when": service.describe_time(occurrence),
                    "figures": occurrence_figures(occurrence),
                    "attendance_url": reverse("communities_attendance", args=[occurrence.pk]),
                    "list_url": self.list_url(occurrence=occurrence.pk),
                    "csv_url": self.list_url(occurrence=occurrence.pk, export="csv"),
                    "xlsx_url": self.list_url(occurrence=occurrence.pk, export="xlsx"),
                }
            )
        return self.render(
            {
                "event": event,
                "occurrences": occurrences,
                "edit_url": reverse("wagtailadmin_pages:edit", args=[event.pk]),
                "list_url": self.list_url(event=event.pk),
                "csv_url": self.list_url(event=event.pk, export="csv"),
                "xlsx_url": self.list_url(event=event.pk, export="xlsx"),
            }
        )


class AttendanceView(RegistrationAdminView):
    """The roll call of one occurrence: a box per participant, saved all at once.

    Only the people shown when the page was opened are changed (their ids come back with the
    form), so someone promoted in between is not marked absent by a form that never showed them.
    """

    template_name = "communities/admin/attendance.html"
    page_title = "Посещаемость"
    event = None

    def trail(self):
        if self.event is None:
            return []
        url = reverse("communities_event_registrations", args=[self.event.pk])
        return [{"url": url, "label": self.event.title}]

    def get_occurrence(self, occurrence_id):
        if occurrence_id > MAX_ID:
            return None
        occurrence = EventOccurrence.objects.select_related("event").filter(pk=occurrence_id).first()
        if occurrence is not None:
            occurrence.event = EventPage.objects.get(pk=occurrence.event_id)
        return occurrence

    def participants(self, occurrence):
        return (
            Registration.objects.filter(occurrence=occurrence)
            .active()
            .select_related("school")
            .order_by("status", "full_name", "pk")
        )

    def show(self, occurrence, status=200):
        self.page_subtitle = service.describe_time(occurrence)
        self.event = occurrence.event
        started = timezone.now() >= occurrence.start
        return self.render(
            {
                "occurrence": occurrence,
                "event": occurrence.event,
                "when": service.describe_time(occurrence),
                "participants": self.participants(occurrence),
                "figures": occurrence_figures(occurrence),
                "can_mark": self.request.user.has_perm(CHANGE) and started and not occurrence.is_cancelled,
                "started": started,
                "event_url": reverse("communities_event_registrations", args=[occurrence.event_id]),
                "csv_url": self.list_url(occurrence=occurrence.pk, export="csv"),
                "xlsx_url": self.list_url(occurrence=occurrence.pk, export="xlsx"),
            },
            status=status,
        )

    def get(self, request, occurrence_id):
        occurrence = self.get_occurrence(occurrence_id)
        if occurrence is None:
            return self.not_found("Такого занятия нет: возможно, его убрали из расписания мероприятия.")
        return self.show(occurrence)

    def post(self, request, occurrence_id):
        occurrence = self.get_occurrence(occurrence_id)
        if occurrence is None:
            return self.not_found("Такого занятия нет: возможно, его убрали из расписания мероприятия.")
        if not request.user.has_perm(CHANGE):
            return self.render({"message": FORBIDDEN}, status=403, template_name="communities/admin/message.html")
        if occurrence.is_cancelled:
            messages.error(request, "Занятие отменено: отмечать посещаемость не нужно.")
            return self.show(occurrence, status=409)
        if timezone.now() < occurrence.start:
            messages.error(request, "Занятие ещё не началось: посещаемость отмечают во время или после него.")
            return self.show(occurrence, status=409)
        shown = _ids(request.POST.getlist("shown"))
        present = _ids(request.POST.getlist("present")) & shown
        rows = Registration.objects.filter(occurrence=occurrence, pk__in=shown).active()
        rows.filter(pk__in=present).update(attended=True)
        rows.exclude(pk__in=present).update(attended=False)
        figures = occurrence_figures(occurrence)
        messages.success(
            request,
            f"Посещаемость сохранена: присутствовали {len(present)}, отсутствовали {len(shown) - len(present)}. "
            f"Не отмечено среди участников: {figures.unmarked}.",
        )
        return redirect("communities_attendance", occurrence_id=occurrence.pk)


class CancelRegistrationView(RegistrationAdminView):
    """Staff cancel a registration for a participant who phoned or wrote; the rules are those of
    the participant's own cancel link (the seat goes to the first person waiting, letters go)."""

    template_name = "communities/admin/cancel_registration.html"
    page_title = "Отмена регистрации"
    permission = CHANGE
    registration = None

    def trail(self):
        if self.registration is None:
            return []
        occurrence = self.registration.occurrence
        return [
            {
                "url": reverse("communities_event_registrations", args=[occurrence.event_id]),
                "label": occurrence.event.title,
            },
            {"url": reverse("communities_attendance", args=[occurrence.pk]), "label": "Посещаемость"},
        ]

    def get_registration(self, registration_id):
        if registration_id > MAX_ID:
            return None
        registration = Registration.objects.select_related("occurrence").filter(pk=registration_id).first()
        if registration is not None:
            registration.occurrence.event = EventPage.objects.get(pk=registration.occurrence.event_id)
        return registration

    def get(self, request, registration_id):
        registration = self.get_registration(registration_id)
        if registration is None:
            return self.not_found("Такой регистрации нет.")
        self.page_subtitle = registration.full_name
        self.registration = registration
        return self.render(
            {
                "registration": registration,
                "when": service.describe_time(registration.occurrence),
                "back_url": reverse("communities_attendance", args=[registration.occurrence_id]),
            }
        )

    def post(self, request, registration_id):
        registration = self.get_registration(registration_id)
        if registration is None:
            return self.not_found("Такой регистрации нет.")
        if not registration.is_active:
            messages.warning(request, "Эта регистрация уже отменена.")
        else:
            try:
                service.cancel(registration)
            except service.RegistrationRefused as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(
                    request,
                    f"Регистрация «{registration.full_name}» отменена, участнику отправлено письмо. "
                    "Если был лист ожидания, место передано первому в очереди.",
                )
        return redirect("communities_attendance", occurrence_id=registration.occurrence_id)


@hooks.register("register_admin_urls")
def register_registration_urls():
    return [
        path(
            "communities/events/<int:event_id>/registrations/",
            EventRegistrationsView.as_view(),
            name="communities_event_registrations",
        ),
        path(
            "communities/attendance/<int:occurrence_id>/",
            AttendanceView.as_view(),
            name="communities_attendance",
        ),
        path(
            "communities/registrations/<int:registration_id>/cancel/",
            CancelRegistrationView.as_view(),
            name="communities_cancel_registration",
        ),
    ]


# --- from an event in the page tree to its registrations -----------------------------------------


def _registrations_button(page, user, priority):
    if not issubclass(page.specific_class or type(page), EventPage) or not user.has_perm(VIEW):
        return []
    return [
        Button(
            "Регистрации и посещаемость",
            reverse("communities_event_registrations", args=[page.pk]),
            icon_name="group",
            priority=priority,
        )
    ]


@hooks.register("register_page_listing_more_buttons")
def page_listing_registrations(page, user, next_url=None):
    yield from _registrations_button(page, user, priority=45)


@hooks.register("register_page_header_buttons")
def page_header_registrations(page, user, view_name=None, next_url=None):
    yield from _registrations_button(page, user, priority=45)
