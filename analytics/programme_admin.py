"""The programme's records in the Wagtail admin: a menu group «Программа» of snippet viewsets,
each narrowed to the editor's scope (``analytics.scoped_admin``) with forms that offer and
accept only schools of the scope (``analytics.forms``), and the list of schools the library
should ask for practices (``analytics.sources``).
"""

from django import forms
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from . import forms as record_forms
from . import programme_filters as filters
from . import sources
from .models import (
    ImprovementProgramme,
    MentoringPair,
    MunicipalProgramme,
    Partnership,
    ProfessionalDevelopment,
    ProgrammeEvent,
    ProgrammeParticipation,
)
from .scoped_admin import ScopedRecordPolicy, ScopedRecordViewSet

MUNICIPALITY = Column("municipality", label="Муниципалитет", accessor="school.municipality")


class ParticipationViewSet(ScopedRecordViewSet):
    model = ProgrammeParticipation
    icon = "flag"
    menu_label = "Участие в программе"
    list_display = ["school", MUNICIPALITY, "year", "role", "category", "tutor"]
    filterset_class = filters.ParticipationFilterSet
    search_fields = ["school__name", "school__code", "tutor"]
    edit_handler = ObjectList(
        [
            FieldPanel("school"),
            FieldPanel("year"),
            FieldPanel("role"),
            FieldPanel("category"),
            FieldPanel("tutor"),
            FieldPanel("recommendations_on"),
            FieldPanel("notes"),
        ],
        base_form_class=record_forms.ParticipationForm,
    )


class ImprovementProgrammeViewSet(ScopedRecordViewSet):
    model = ImprovementProgramme
    icon = "doc-full"
    menu_label = "Программы школ"
    list_display = ["school", MUNICIPALITY, "kind", "risk", "status", "start_date", "end_date"]
    list_select_related = ("school__municipality", "risk")
    filterset_class = filters.ImprovementProgrammeFilterSet
    search_fields = ["school__name", "school__code"]
    edit_handler = ObjectList(
        [
            FieldPanel("school"),
            FieldPanel("kind"),
            FieldPanel("risk"),
            FieldPanel("status"),
            FieldPanel("start_date"),
            FieldPanel("end_date"),
            FieldPanel("approved_on"),
            FieldPanel("document", widget=record_forms.PrivateFileInput("school-programme")),
            InlinePanel(
                "reports",
                heading="Отчёты о реализации",
                label="Отчёт за год",
                panels=[
                    FieldPanel("year"),
                    FieldPanel("summary"),
                    FieldPanel("document", widget=record_forms.PrivateFileInput("programme-report")),
                ],
            ),
        ],
        base_form_class=record_forms.ImprovementProgrammeForm,
    )


class MunicipalProgrammeViewSet(ScopedRecordViewSet):
    model = MunicipalProgramme
    icon = "doc-full-inverse"
    menu_label = "Муниципальные программы"
    list_display = ["municipality", "year", "title", "approved_on"]
    list_select_related = ("municipality",)
    filterset_class = filters.MunicipalProgrammeFilterSet
    search_fields = ["title", "municipality__name"]
    edit_handler = ObjectList(
        [
            FieldPanel("municipality"),
            FieldPanel("year"),
            FieldPanel("title"),
            FieldPanel("approved_on"),
            FieldPanel("document", widget=record_forms.PrivateFileInput("municipal-programme")),
        ],
        base_form_class=record_forms.MunicipalProgrammeForm,
    )


class PartnershipViewSet(ScopedRecordViewSet):
    model = Partnership
    icon = "link"
    menu_label = "Соглашения о партнёрстве"
    list_display = [
        "low_school",
        Column("municipality", label="Муниципалитет", accessor="low_school.municipality"),
        "strong_school",
        "status",
        "start_date",
        "end_date",
    ]
    list_select_related = ("low_school__municipality", "strong_school")
    filterset_class = filters.PartnershipFilterSet
    search_fields = ["low_school__name", "low_school__code", "strong_school__name", "strong_school__code"]
    edit_handler = ObjectList(
        [
            FieldPanel("low_school"),
            FieldPanel("strong_school"),
            FieldPanel("status"),
            FieldPanel("agreement_number"),
            FieldPanel("start_date"),
            FieldPanel("end_date"),
            FieldPanel("directions", widget=forms.CheckboxSelectMultiple),
            FieldPanel("signed_file", widget=record_forms.PrivateFileInput("agreement")),
            FieldPanel("notes"),
        ],
        base_form_class=record_forms.PartnershipForm,
    )


class MentoringPairViewSet(ScopedRecordViewSet):
    model = MentoringPair
    icon = "user"
    menu_label = "Наставничество"
    list_display = ["school", MUNICIPALITY, "mentor", "mentee", "subject", "start_date", "end_date"]
    filterset_class = filters.MentoringPairFilterSet
    search_fields = ["school__name", "school__code", "mentor", "mentee", "subject"]
    edit_handler = ObjectList(
        [
            FieldPanel("school"),
            FieldPanel("mentor"),
            FieldPanel("mentor_school"),
            FieldPanel("mentee"),
            FieldPanel("subject"),
            FieldPanel("start_date"),
            FieldPanel("end_date"),
        ],
        base_form_class=record_forms.MentoringPairForm,
    )


class ProfessionalDevelopmentViewSet(ScopedRecordViewSet):
    model = ProfessionalDevelopment
    icon = "user"
    menu_label = "Повышение квалификации"
    list_display = ["school", MUNICIPALITY, "year", "person", "position", "course", "hours", "study_form"]
    filterset_class = filters.ProfessionalDevelopmentFilterSet
    search_fields = ["school__name", "school__code", "person", "position", "course"]
    edit_handler = ObjectList(
        [
            FieldPanel("school"),
            FieldPanel("year"),
            FieldPanel("person"),
            FieldPanel("position"),
            FieldPanel("course"),
            FieldPanel("hours"),
            FieldPanel("study_form"),
            FieldPanel("completed_on"),
        ],
        base_form_class=record_forms.ProfessionalDevelopmentForm,
    )


class ProgrammeEventViewSet(ScopedRecordViewSet):
    model = ProgrammeEvent
    icon = "date"
    menu_label = "Мероприятия программы"
    list_display = ["title", "date", "level", "hours", "host_school", "municipality", "is_exchange"]
    list_select_related = ("host_school", "municipality")
    filterset_class = filters.ProgrammeEventFilterSet
    search_fields = ["title", "host_school__name", "host_school__code"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("date"),
            FieldPanel("hours"),
            FieldPanel("level"),
            FieldPanel("host_school"),
            FieldPanel("municipality"),
            FieldPanel("is_exchange"),
            FieldPanel("participants"),
        ],
        base_form_class=record_forms.ProgrammeEventForm,
    )


class ProgrammeGroup(SnippetViewSetGroup):
    menu_label = "Программа"
    menu_icon = "flag"
    menu_order = 260
    submenu_hook = "register_programme_menu_item"
    items = (
        ParticipationViewSet,
        ImprovementProgrammeViewSet,
        MunicipalProgrammeViewSet,
        PartnershipViewSet,
        MentoringPairViewSet,
        ProfessionalDevelopmentViewSet,
        ProgrammeEventViewSet,
    )


# Before the viewsets are registered: Wagtail refuses a policy once it has made its own default.
for viewset in ProgrammeGroup.items:
    register_permission_policy(viewset.model, ScopedRecordPolicy(viewset.model))
register_snippet(ProgrammeGroup)


# --- «Резильентные и эффективные школы без практик» ------------------------------------------


class PracticeSourcesMenuItem(MenuItem):
    def is_shown(self, request):
        return sources.may_see_practice_sources(request.user)


@hooks.register("register_programme_menu_item")
def register_practice_sources_menu_item():
    return PracticeSourcesMenuItem(
        sources.TITLE, reverse("analytics_practice_sources"), name="practice-sources", icon_name="pick", order=900
    )


@hooks.register("register_admin_urls")
def register_practice_sources_url():
    return [
        path("programme/practice-sources/", sources.PracticeSourcesView.as_view(), name="analytics_practice_sources")
    ]
