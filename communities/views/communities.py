"""The communities section: the index with filters and a community's page.

Teachers known by name (``CommunityMember``) are personal data and never reach a public
page: a community shows its schools and how many of their teachers take part, nothing more.
"""

from django import forms
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.models import Page

from base.pagination import paginate
from registry.models import Municipality

from ..models import CommunityPage, EventOccurrence, SchoolMembership
from .calendar import feed_links
from .filters import MAX_VALUE_LENGTH, subject_choices

COMMUNITIES_PER_PAGE = 12
EVENTS_SHOWN = 8


def active_memberships(today=None):
    """Schools taking part today: joined (or no date given) and not left."""
    today = today or timezone.localdate()
    return SchoolMembership.objects.filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=today), Q(left_on__isnull=True) | Q(left_on__gte=today)
    )


class CommunityFilterForm(forms.Form):
    def __init__(self, data):
        data = {key: data.get(key, "")[:MAX_VALUE_LENGTH] for key in ("kind", "municipality", "subject") if key in data}
        super().__init__(data or None)
        municipalities = Municipality.objects.filter(
            pk__in=CommunityPage.objects.live().public().values("municipality")
        ).order_by("name")
        self.fields["kind"] = forms.ChoiceField(
            label="Вид сообщества", choices=[("", "Все"), *CommunityPage.Kind.choices], required=False
        )
        self.fields["municipality"] = forms.ChoiceField(
            label="Муниципалитет",
            choices=[("", "Все"), *[(str(m.pk), m.name) for m in municipalities]],
            required=False,
        )
        self.fields["subject"] = forms.ChoiceField(
            label="Предмет", choices=[("", "Любой"), *subject_choices()], required=False
        )

    def selected(self):
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def community_index_context(request, index) -> dict:
    form = CommunityFilterForm(request.GET)
    chosen = form.selected()
    communities = CommunityPage.objects.live().public().child_of(index)
    if chosen.get("kind"):
        communities = communities.filter(kind=chosen["kind"])
    if chosen.get("municipality"):
        communities = communities.filter(municipality_id=chosen["municipality"])
    if chosen.get("subject"):
        communities = communities.filter(subjects__slug=chosen["subject"]).distinct()
    memberships = active_memberships().filter(community=OuterRef("pk")).order_by().values("community")
    next_start = (
        EventOccurrence.objects.visible()
        .upcoming()
        .filter(event__community=OuterRef("pk"), cancelled=False)
        .exclude(event__status="cancelled")
        .values("start")[:1]
    )
    communities = (
        communities.annotate(
            school_count=Coalesce(
                Subquery(memberships.annotate(n=Count("pk")).values("n")[:1]), Value(0), output_field=IntegerField()
            ),
            teacher_count=Coalesce(
                Subquery(memberships.annotate(n=Sum("teachers")).values("n")[:1]), Value(0), output_field=IntegerField()
            ),
            next_event_start=Subquery(next_start),
        )
        .select_related("municipality")
        .prefetch_related("subjects")
        .order_by("title")
    )
    return {
        "filter_form": form,
        "filtered": bool(chosen),
        "ignored_filters": bool(form.is_bound and form.errors),
        "communities": paginate(request, communities, COMMUNITIES_PER_PAGE),
    }


def community_context(request, community) -> dict:
    memberships = list(
        active_memberships()
        .filter(community=community)
        .select_related("school__municipality")
        .order_by("school__municipality__name", "school__name")
    )
    occurrences = (
        EventOccurrence.objects.visible().filter(event__community=community).select_related("event").with_seats()
    )
    upcoming = list(occurrences.upcoming()[:EVENTS_SHOWN])
    past = list(occurrences.past().filter(cancelled=False).exclude(event__status="cancelled")[:EVENTS_SHOWN])
    # Only library pages anyone may open: a recommended material that went back to draft or
    # behind a password disappears from the list rather than leading to a refusal.
    material_ids = list(community.materials.values_list("page_id", flat=True))
    visible = {page.pk: page for page in Page.objects.live().public().filter(pk__in=material_ids).specific()}
    materials = [visible[pk] for pk in material_ids if pk in visible]
    calendar = community.calendar_page()
    return {
        "memberships": memberships,
        "school_total": len(memberships),
        "teacher_total": sum(membership.teachers for membership in memberships),
        "upcoming_occurrences": upcoming,
        "past_occurrences": past,
        "community_materials": materials,
        "calendar_page": calendar,
        **feed_links(request, community),
    }
