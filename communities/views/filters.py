"""The calendar's filters: one GET form builds what the visitor sees and narrows the occurrences.

A value the form does not know (a community that was unpublished, a hand-edited URL, a
hostile string) drops that one filter and says so; the rest of the page still works. Subjects
and audiences are the library's vocabulary, reached through the event's relations, so this
app imports no code of the library.
"""

from django import forms
from django.db.models import Q

from registry.models import Municipality

from ..models import CommunityPage, EventPage

MAX_VALUE_LENGTH = 100


def _related_model(name):
    return EventPage._meta.get_field(name).related_model


def community_choices():
    return [(str(pk), title) for pk, title in CommunityPage.objects.live().public().values_list("pk", "title")]


def audience_choices():
    return list(_related_model("audiences").objects.order_by("order", "name").values_list("slug", "name"))


def subject_choices():
    return list(_related_model("subjects").objects.order_by("order", "name").values_list("slug", "name"))


def municipality_choices():
    return [(str(pk), name) for pk, name in Municipality.objects.order_by("name").values_list("pk", "name")]


def _choice(label, choices, empty="Все"):
    return forms.ChoiceField(label=label, choices=[("", empty), *choices], required=False)


class EventFilterForm(forms.Form):
    """Filters of the calendar and the archive; every field optional, each checked on its own."""

    FIELDS = ("community", "kind", "audience", "format", "subject", "municipality")

    def __init__(self, data, *, archive=False):
        # Cut absurdly long values before validation so that nothing downstream sees them.
        data = {key: data.get(key, "")[:MAX_VALUE_LENGTH] for key in (*self.FIELDS, "materials") if key in data}
        super().__init__(data or None)
        self.fields["community"] = _choice("Сообщество", community_choices())
        self.fields["kind"] = _choice("Вид", EventPage.Kind.choices)
        self.fields["audience"] = _choice("Для кого", audience_choices(), empty="Для всех")
        self.fields["format"] = _choice("Формат", EventPage.Format.choices, empty="Любой")
        self.fields["subject"] = _choice("Предмет", subject_choices(), empty="Любой")
        self.fields["municipality"] = _choice("Муниципалитет", municipality_choices())
        if archive:
            self.fields["materials"] = forms.BooleanField(label="Только с материалами или записью", required=False)
        self.ignored = []

    def selected(self) -> dict:
        """{field: value} of the filters that are valid; ``ignored`` lists the labels of the rest."""
        if not self.is_bound:
            return {}
        self.is_valid()
        chosen = {name: value for name, value in self.cleaned_data.items() if value}
        self.ignored = [self.fields[name].label for name in self.errors]
        return chosen


def filter_occurrences(occurrences, chosen: dict):
    """Narrow an occurrence queryset by the chosen filters (values already validated)."""
    lookups = {
        "community": "event__community_id",
        "kind": "event__kind",
        "audience": "event__audiences__slug",
        "format": "event__format",
        "subject": "event__subjects__slug",
    }
    for name, lookup in lookups.items():
        if chosen.get(name):
            occurrences = occurrences.filter(**{lookup: chosen[name]})
    if chosen.get("municipality"):
        # An event belongs to its own municipality, or to its host school's when it names none.
        municipality = chosen["municipality"]
        occurrences = occurrences.filter(
            Q(event__municipality_id=municipality)
            | Q(event__municipality__isnull=True, event__host_school__municipality_id=municipality)
        )
    if chosen.get("materials"):
        occurrences = occurrences.filter(Q(event__materials__isnull=False) | ~Q(event__recording_url=""))
    if chosen.get("audience") or chosen.get("subject") or chosen.get("materials"):
        # Filters across many-to-many relations repeat an occurrence once per matching term.
        occurrences = occurrences.distinct()
    return occurrences


def filter_form_for(request, *, archive=False):
    """(form, chosen) for the request's GET parameters."""
    form = EventFilterForm(request.GET, archive=archive)
    return form, form.selected()
