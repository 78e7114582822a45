"""«Анкетирование» in the Wagtail admin: surveys, campaigns and deficit areas.

Saving a campaign gives it the survey's current version (while nobody has answered) and a link
for each target school; the links and their QR codes are handed out from the analytics pages,
where each person sees the schools of their own scope.
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Campaign, DeficitArea, Survey
from .targets import TargetsUnavailable, pin_version, sync_targets


class CountColumn(Column):
    """A number annotated on the list's queryset."""

    def get_value(self, instance):
        return getattr(instance, self.accessor, 0)


class ResultsColumn(Column):
    """A link to the campaign's results and links in the analytics area."""

    def get_value(self, instance):
        try:
            return reverse("analytics:survey", args=[instance.pk])
        except NoReverseMatch:
            return ""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        url = context["value"]
        context["value"] = format_html('<a href="{}">Результаты, ссылки и QR-коды</a>', url) if url else ""
        return context


class SurveyViewSet(SnippetViewSet):
    model = Survey
    icon = "form"
    menu_label = "Анкеты"
    list_display = ["title", "kind", CountColumn("version_count", label="Версий"), "updated_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    copy_view_enabled = True
    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel(
            "body",
            help_text="Изменения анкеты получат кампании, на которые ещё никто не ответил; ответы, данные "
            "раньше, остаются при той версии вопросов, на которую отвечали.",
        ),
        FieldPanel("thanks"),
    ]

    def get_queryset(self, request):
        return Survey.objects.annotate(version_count=Count("versions"))


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "list-ul"
    menu_label = "Кампании опросов"
    list_display = [
        "title",
        "survey",
        "audience",
        "year",
        Column("get_state_display", label="Состояние"),
        CountColumn("school_count", label="Школ"),
        CountColumn("answer_count", label="Ответов"),
        ResultsColumn("results", label="Результаты"),
    ]
    list_filter = ["year", "audience", "survey"]
    search_fields = ["title"]
    panels = [
        FieldPanel("title"),
        FieldPanel("survey"),
        FieldPanel("audience"),
        FieldPanel("year"),
        FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")], heading="Приём ответов"),
        MultiFieldPanel(
            [FieldPanel("schools_filter"), FieldPanel("municipality")],
            heading="Какие школы опрашиваются",
            help_text="Каждая школа получит свою ссылку и QR-код; ответы приходят уже по школам.",
        ),
        FieldPanel("reminders"),
    ]

    def get_queryset(self, request):
        return Campaign.objects.select_related("survey").annotate(
            school_count=Count("targets", distinct=True),
            answer_count=Count("responses", filter=Q(responses__submitted_at__isnull=False), distinct=True),
        )


class DeficitAreaViewSet(SnippetViewSet):
    model = DeficitArea
    icon = "tasks"
    menu_label = "Области дефицитов"
    list_display = ["name", "code", "risk", "order"]
    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("description"),
        FieldPanel("risk"),
        FieldPanel("order"),
        InlinePanel("courses", label="Рекомендуемые курсы", heading="Курсы повышения квалификации"),
    ]


class SurveysGroup(SnippetViewSetGroup):
    menu_label = "Анкетирование"
    menu_icon = "form"
    menu_order = 260
    items = (CampaignViewSet, SurveyViewSet, DeficitAreaViewSet)


register_snippet(SurveysGroup)


def _prepare_campaign(request, campaign):
    pin_version(campaign)
    try:
        added, removed = sync_targets(campaign)
    except TargetsUnavailable as problem:
        messages.error(request, f"{problem} Выберите «Все школы» или загрузите записи об участии школ в программе.")
        return
    note = f"Школ со своей ссылкой: {campaign.targets.count()}"
    if added or removed:
        note += f" (добавлено {added}, убрано {removed})"
    messages.info(request, note + ".")


@hooks.register("after_create_snippet")
def after_campaign_created(request, instance):
    if isinstance(instance, Campaign):
        _prepare_campaign(request, instance)


@hooks.register("after_edit_snippet")
def after_campaign_edited(request, instance):
    if isinstance(instance, Campaign):
        _prepare_campaign(request, instance)
