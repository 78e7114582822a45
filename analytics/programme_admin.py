"""The programme's records in the Wagtail admin: a menu group «Программа» of snippet viewsets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import (
    ImprovementProgramme,
    MentoringPair,
    MunicipalProgramme,
    Partnership,
    ProfessionalDevelopment,
    ProgrammeEvent,
    ProgrammeParticipation,
)


class ParticipationViewSet(SnippetViewSet):
    model = ProgrammeParticipation
    icon = "flag"
    list_display = ["school", "year", "role", "category", "tutor"]
    list_filter = ["year", "role", "category"]


class ImprovementProgrammeViewSet(SnippetViewSet):
    model = ImprovementProgramme
    icon = "doc-full"
    list_display = ["school", "kind", "status", "start_date", "end_date"]
    list_filter = ["kind", "status"]


class MunicipalProgrammeViewSet(SnippetViewSet):
    model = MunicipalProgramme
    icon = "doc-full-inverse"
    list_display = ["municipality", "year", "title", "approved_on"]
    list_filter = ["year"]


class PartnershipViewSet(SnippetViewSet):
    model = Partnership
    icon = "link"
    list_display = ["low_school", "strong_school", "status", "start_date", "end_date"]
    list_filter = ["status"]


class MentoringPairViewSet(SnippetViewSet):
    model = MentoringPair
    icon = "user"
    list_display = ["school", "mentor", "mentee", "subject", "start_date"]


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


class ProgrammeGroup(SnippetViewSetGroup):
    menu_label = "Программа"
    menu_icon = "flag"
    menu_order = 260
    items = (
        ParticipationViewSet,
        ImprovementProgrammeViewSet,
        MunicipalProgrammeViewSet,
        PartnershipViewSet,
        MentoringPairViewSet,
        ProfessionalDevelopmentViewSet,
        ProgrammeEventViewSet,
    )


register_snippet(ProgrammeGroup)
