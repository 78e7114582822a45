"""Professional communities: methodological associations, network communities, leaders' clubs.

Subjects come from the library's vocabulary (``practices.Subject``) by a database reference
only, so the bank's subject facet and a community's subjects are one list; no code of the
library is imported here.
"""

from django import forms
from django.db import models

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from base.models import BasePage, SectionIndexPage


class CommunityIndexPage(SectionIndexPage):
    """Professional communities of teachers and school leaders."""

    subpage_types = ["communities.CommunityPage"]

    class Meta:
        verbose_name = "Профессиональные сообщества"

    def get_template(self, request, *args, **kwargs):
        return "communities/community_index_page.html"

    def get_context(self, request, *args, **kwargs):
        from communities.views import communities

        context = super().get_context(request, *args, **kwargs)
        context.update(communities.community_index_context(request, self))
        return context


class CommunityPage(RoutablePageMixin, BasePage):
    class Kind(models.TextChoices):
        MUNICIPAL_ASSOCIATION = "municipal_association", "Муниципальное методическое объединение"
        NETWORK = "network", "Сетевое сообщество"
        LEADERS_CLUB = "leaders_club", "Клуб руководителей"
        PROBLEM_GROUP = "problem_group", "Проблемная группа"

    kind = models.CharField(
        "Вид сообщества", max_length=30, choices=Kind.choices, help_text="Как сообщество устроено и кого объединяет."
    )
    description = RichTextField(
        "Описание",
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="Цели, темы встреч, как вступить.",
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name="Муниципалитет",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Для муниципальных объединений; у сетевых сообществ региона оставьте пустым.",
    )
    subjects = ParentalManyToManyField(
        "practices.Subject",
        verbose_name="Предметы",
        blank=True,
        related_name="+",
        help_text="Предметы, которыми занимается сообщество; пусто — межпредметное.",
    )
    coordinator_name = models.CharField("Координатор", max_length=200, help_text="Фамилия, имя, отчество.")
    coordinator_position = models.CharField(
        "Должность координатора", max_length=300, blank=True, help_text="Должность и место работы."
    )
    coordinator_email = models.EmailField(
        "Почта координатора", blank=True, help_text="Показывается на странице: для вопросов о вступлении."
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("municipality"),
        # Checkboxes, as in the library's pages: a bare multi-select needs Ctrl to pick two.
        FieldPanel("subjects", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("coordinator_name"), FieldPanel("coordinator_position"), FieldPanel("coordinator_email")],
            heading="Координатор",
        ),
        InlinePanel("member_schools", label="Школы-участники", heading="Школы-участники"),
        InlinePanel("members", label="Педагоги-участники", heading="Педагоги-участники (если известны)"),
        InlinePanel("materials", label="Материалы из библиотеки", heading="Материалы"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("coordinator_name"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["communities.CommunityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Профессиональное сообщество"
        verbose_name_plural = "Профессиональные сообщества"

    def get_context(self, request, *args, **kwargs):
        from communities.views import communities

        context = super().get_context(request, *args, **kwargs)
        context.update(communities.community_context(request, self))
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        """The community's events (upcoming and of the last weeks) to subscribe to."""
        from communities import ical
        from communities.models import EventOccurrence

        occurrences = ical.feed_occurrences(EventOccurrence.objects.filter(event__community=self))
        content = ical.build_calendar(occurrences, name=self.title, description=self.summary, request=request)
        return ical.ical_response(content, f"{self.slug}.ics")

    def calendar_page(self):
        """The site's calendar (for links to it filtered by this community), if published."""
        from communities.models import EventIndexPage

        return EventIndexPage.objects.live().public().first()


class SchoolMembership(Orderable):
    """A school taking part in a community, with how many of its teachers do.

    Programme monitoring measures participation from these rows (every teacher of a
    programme school in some community), so the count is kept even where names are not.
    """

    community = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="member_schools")
    school = models.ForeignKey(
        "registry.School", verbose_name="Школа", on_delete=models.CASCADE, related_name="community_memberships"
    )
    teachers = models.PositiveIntegerField(
        "Педагогов участвует", default=0, help_text="Сколько педагогов школы участвуют в работе сообщества."
    )
    joined_on = models.DateField("С какого числа", null=True, blank=True)
    left_on = models.DateField("По какое число", null=True, blank=True, help_text="Пусто, пока школа участвует.")

    panels = [FieldPanel("school"), FieldPanel("teachers"), FieldPanel("joined_on"), FieldPanel("left_on")]

    class Meta(Orderable.Meta):
        verbose_name = "Школа-участник"
        verbose_name_plural = "Школы-участники"
        constraints = [models.UniqueConstraint(fields=["community", "school"], name="one_membership_per_school")]


class CommunityMember(Orderable):
    """A teacher known by name; not shown publicly (personal data), only counted and exported."""

    community = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField("ФИО", max_length=200)
    position = models.CharField("Должность", max_length=200, blank=True)
    school = models.ForeignKey(
        "registry.School",
        verbose_name="Школа",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_members",
    )
    email = models.EmailField("Электронная почта", blank=True)

    panels = [FieldPanel("full_name"), FieldPanel("position"), FieldPanel("school"), FieldPanel("email")]

    class Meta(Orderable.Meta):
        verbose_name = "Педагог-участник"
        verbose_name_plural = "Педагоги-участники"


class CommunityMaterial(Orderable):
    """A practice or material of the library the community recommends."""

    community = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="materials")
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Практика или материал",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Страница из библиотеки практик или методических материалов.",
    )

    panels = [FieldPanel("page")]
