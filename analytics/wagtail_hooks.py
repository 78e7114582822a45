"""The «Аналитика» group of the Wagtail admin: the one admin of the registry, the data, the
programme records and the runs, with the data import (``admin_views``) as its first item; and
the «Аудит» group: the analytics access log and django-axes' sign-in journals, read-only."""

import csv
import datetime

import django_filters
from axes.models import AccessAttempt, AccessFailureLog

from django import forms
from django.urls import path, reverse
from django.utils import timezone

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.views.mixins import Echo
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from registry.models import Municipality, Risk, School, StaffProfile

from . import admin_views, programme_admin  # noqa: F401  (registers the programme's records)
from .exports import safe_text
from .models import (
    AccessLog,
    AssessmentResult,
    ComputationRun,
    ImportRecord,
    RiskProfile,
    SocialContext,
)


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Records written by the import and the computation: seen in the admin, never edited."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "site"
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class SchoolViewSet(SnippetViewSet):
    model = School
    icon = "home"
    list_display = ["code", "name", "municipality", "locality", "is_small", "advanced_study"]
    list_filter = ["municipality", "locality", "is_small", "advanced_study"]
    search_fields = ["code", "name"]


class RiskViewSet(SnippetViewSet):
    model = Risk
    icon = "warning"
    list_display = ["name", "code", "order"]


class AssessmentResultViewSet(SnippetViewSet):
    model = AssessmentResult
    icon = "table"
    menu_label = "Результаты"
    list_display = ["school", "year", "assessment", "grade", "subject", "participants", "mean_score"]
    list_filter = ["year", "assessment", "grade"]
    inspect_view_enabled = True
    copy_view_enabled = False


class SocialContextViewSet(SnippetViewSet):
    model = SocialContext
    icon = "group"
    list_display = ["school", "year", "higher_education_share", "single_parent_share", "kdn_share"]
    list_filter = ["year"]
    inspect_view_enabled = True
    copy_view_enabled = False


class RiskProfileViewSet(SnippetViewSet):
    model = RiskProfile
    icon = "warning"
    list_display = ["school", "year", "risk", "level"]
    list_filter = ["year", "level", "risk"]


class StaffProfileViewSet(SnippetViewSet):
    model = StaffProfile
    icon = "lock"
    list_display = ["user", "municipality", "school"]


class ImportRecordViewSet(SnippetViewSet):
    model = ImportRecord
    icon = "upload"
    list_display = ["created_at", "kind", "file_name", "rows", "created", "updated", "user"]
    list_filter = ["kind", "source"]
    inspect_view_enabled = True


class ComputationRunViewSet(SnippetViewSet):
    model = ComputationRun
    icon = "cogs"
    list_display = ["started_at", "status", "years", "schools", "input_fingerprint", "engine_version", "user"]
    list_filter = ["status", "source"]
    inspect_view_enabled = True


class AnalyticsGroup(SnippetViewSetGroup):
    menu_label = "Аналитика"
    menu_icon = "table"
    menu_order = 250
    submenu_hook = "register_analytics_menu_item"
    items = (
        MunicipalityViewSet,
        SchoolViewSet,
        RiskViewSet,
        AssessmentResultViewSet,
        SocialContextViewSet,
        RiskProfileViewSet,
        StaffProfileViewSet,
        ImportRecordViewSet,
        ComputationRunViewSet,
    )


register_permission_policy(ImportRecord, ReadOnlyPolicy(ImportRecord))
register_permission_policy(ComputationRun, ReadOnlyPolicy(ComputationRun))
register_snippet(AnalyticsGroup)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("analytics/import/", admin_views.ImportIndexView.as_view(), name="analytics_import"),
        path(
            "analytics/import/template/<slug:kind>.<slug:fmt>",
            admin_views.ImportTemplateView.as_view(),
            name="analytics_import_template",
        ),
        path(
            "analytics/import/<slug:token>/", admin_views.ImportPreviewView.as_view(), name="analytics_import_preview"
        ),
        path(
            "analytics/import/<slug:token>/confirm/",
            admin_views.ImportConfirmView.as_view(),
            name="analytics_import_confirm",
        ),
        path(
            "analytics/import/<slug:token>/cancel/",
            admin_views.ImportCancelView.as_view(),
            name="analytics_import_cancel",
        ),
    ]


# --- «Аудит»: who did what with analytics data, and who failed to sign in -------------------
#
# Journals are written by the portal and by django-axes, never by a person: every view of them
# is read-only for everyone, superusers included (ReadOnlyPolicy), and the auditors' group
# (analytics.roles) has only the view permissions. ModelViewSet rather than snippets: these are
# records, not content, so no chooser, revisions or reference index.


def _local_text(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M:%S")


def _local_naive(value: datetime.datetime) -> datetime.datetime:
    return timezone.make_naive(value) if timezone.is_aware(value) else value


class JournalIndexView(IndexView):
    """Wagtail's listing with its CSV/XLSX export, made safe for a spreadsheet: text that looks
    like a formula (a username typed into the sign-in form, a browser's name) is written as
    text, as in the analytics exports; times are local; the CSV opens in Excel as a table."""

    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime.datetime: {IndexView.FORMAT_CSV: _local_text, IndexView.FORMAT_XLSX: _local_naive},
        str: {IndexView.FORMAT_CSV: safe_text, IndexView.FORMAT_XLSX: safe_text},
    }

    def stream_csv(self, queryset):
        # Wagtail's own stream_csv with the analytics exports' format: a BOM and ";".
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=";")
        yield "\ufeff".encode() + writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))


class AccessLogFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label="Когда", widget=DateRangePickerWidget)
    action = django_filters.MultipleChoiceFilter(
        label="Что сделано", choices=AccessLog.Action.choices, widget=forms.CheckboxSelectMultiple
    )
    username = django_filters.CharFilter(label="Пользователь", lookup_expr="icontains")
    object_ref = django_filters.CharFilter(label="Объект", lookup_expr="icontains")
    ip_address = django_filters.CharFilter(
        label="IP-адрес", lookup_expr="startswith", help_text="Адрес целиком или его начало, например 10.1."
    )

    class Meta:
        model = AccessLog
        fields = []


class SignInFilterSet(WagtailFilterSet):
    attempt_time = django_filters.DateFromToRangeFilter(label="Когда", widget=DateRangePickerWidget)
    username = django_filters.CharFilter(label="Имя пользователя", lookup_expr="icontains")
    ip_address = django_filters.CharFilter(
        label="IP-адрес", lookup_expr="startswith", help_text="Адрес целиком или его начало, например 10.1."
    )

    class Meta:
        model = AccessAttempt
        fields = []


class SignInFailureFilterSet(SignInFilterSet):
    locked_out = django_filters.BooleanFilter(label="Блокировка")

    class Meta:
        model = AccessFailureLog
        fields = []


class JournalViewSet(ModelViewSet):
    index_view_class = JournalIndexView
    form_fields = []  # nobody adds or edits a journal entry (ReadOnlyPolicy); no form at all
    add_to_reference_index = False  # written on every analytics request; nothing refers to it
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50

    def get_index_view_kwargs(self, **kwargs):
        # The heading says what the menu says (axes' own model names are vaguer).
        return super().get_index_view_kwargs(page_title=self.menu_label, **kwargs)


class AccessLogViewSet(JournalViewSet):
    model = AccessLog
    name = "analytics_access_log"
    url_prefix = "audit/access-log"
    icon = "view"
    menu_label = "Обращения к аналитике"
    list_display = ["created_at", "username", "action", "object_ref", "path", "ip_address", "rows"]
    filterset_class = AccessLogFilterSet
    search_fields = ["username", "object_ref", "path"]
    list_export = ["created_at", "username", "get_action_display", "object_ref", "path", "ip_address", "rows"]
    export_headings = {"created_at": "Когда", "get_action_display": "Что сделано", "ip_address": "IP-адрес"}
    export_filename = "analytics-access-log"


SIGN_IN_HEADINGS = {
    "attempt_time": "Когда",
    "username": "Имя пользователя",
    "ip_address": "IP-адрес",
    "path_info": "Адрес входа",
    "user_agent": "Браузер",
    "failures_since_start": "Неудачных попыток",
    "locked_out": "Заблокирован",
}


class SignInAttemptViewSet(JournalViewSet):
    """django-axes' counters of failed sign-ins per account and address (what the lockout uses;
    a successful sign-in clears its counter)."""

    model = AccessAttempt
    name = "sign_in_attempts"
    url_prefix = "audit/sign-in-attempts"
    icon = "lock"
    menu_label = "Неудачные входы: счётчики"
    list_display = ["attempt_time", "username", "ip_address", "failures_since_start", "path_info", "user_agent"]
    filterset_class = SignInFilterSet
    search_fields = ["username", "path_info", "user_agent"]
    # Not the GET and POST data axes keeps: the auditors need who and where, not the form.
    inspect_view_fields = ["attempt_time", "username", "ip_address", "failures_since_start", "path_info", "user_agent"]
    list_export = inspect_view_fields
    export_headings = SIGN_IN_HEADINGS
    export_filename = "sign-in-attempts"


class SignInFailureViewSet(JournalViewSet):
    """django-axes' log of every failed sign-in, kept after the account signs in successfully."""

    model = AccessFailureLog
    name = "sign_in_failures"
    url_prefix = "audit/sign-in-failures"
    icon = "warning"
    menu_label = "Неудачные входы: журнал"
    list_display = ["attempt_time", "username", "ip_address", "locked_out", "path_info", "user_agent"]
    filterset_class = SignInFailureFilterSet
    search_fields = ["username", "path_info", "user_agent"]
    inspect_view_fields = ["attempt_time", "username", "ip_address", "locked_out", "path_info", "user_agent"]
    list_export = inspect_view_fields
    export_headings = SIGN_IN_HEADINGS
    export_filename = "sign-in-failures"


class AuditGroup(ModelViewSetGroup):
    menu_label = "Аудит"
    menu_icon = "history"
    menu_order = 260
    items = (AccessLogViewSet, SignInAttemptViewSet, SignInFailureViewSet)


for journal in (AccessLog, AccessAttempt, AccessFailureLog):
    register_permission_policy(journal, ReadOnlyPolicy(journal))


@hooks.register("register_admin_viewset")
def register_audit_journals():
    return AuditGroup()


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_open_import_page(request.user)


@hooks.register("register_analytics_menu_item")
def register_import_menu_item():
    return ImportMenuItem("Импорт данных", reverse("analytics_import"), name="import", icon_name="upload", order=0)
