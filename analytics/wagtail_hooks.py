"""The «Аналитика» group of the Wagtail admin: the one admin of the registry, the data, the
programme records and the runs, with the data import (``admin_views``) as its first item."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from registry.models import Municipality, Risk, School, StaffProfile

from . import admin_views
from .models import (
    AssessmentResult,
    ComputationRun,
    ImportRecord,
    Partnership,
    ProfessionalDevelopment,
    ProgrammeEvent,
    RiskProfile,
    SchoolProgramme,
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


class SchoolProgrammeViewSet(SnippetViewSet):
    model = SchoolProgramme
    icon = "doc-full"
    list_display = ["school", "year", "category", "approved_on", "recommendations_on"]
    list_filter = ["year", "category"]


class PartnershipViewSet(SnippetViewSet):
    model = Partnership
    icon = "link"
    list_display = ["low_school", "strong_school", "active", "start_date", "end_date"]
    list_filter = ["active"]


class ProfessionalDevelopmentViewSet(SnippetViewSet):
    model = ProfessionalDevelopment
    icon = "user"
    list_display = ["school", "year", "person", "course", "hours"]
    list_filter = ["year"]


class ProgrammeEventViewSet(SnippetViewSet):
    model = ProgrammeEvent
    icon = "date"
    list_display = ["title", "date", "level", "hours", "host_school"]
    list_filter = ["level"]


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
        SchoolProgrammeViewSet,
        PartnershipViewSet,
        ProfessionalDevelopmentViewSet,
        ProgrammeEventViewSet,
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


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_open_import_page(request.user)


@hooks.register("register_analytics_menu_item")
def register_import_menu_item():
    return ImportMenuItem("Импорт данных", reverse("analytics_import"), name="import", icon_name="upload", order=0)
