"""Filters and sorting of the practice and material listings.

A listing declares its facets (GET parameter, label, choices, ORM lookup); the same
declaration builds the form a visitor sees and narrows the queryset, so the two cannot drift
apart. Values within one facet are alternatives (OR); different facets combine (AND).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms

from .models.downloads import downloads_subquery

SORTS = [("newest", "Сначала новые"), ("downloads", "Самые скачиваемые")]


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    choices: Callable[[], list[tuple[str, str]]]
    lookup: str
    multiple: bool = False
    empty_label: str = "Все"


class FilterForm(forms.Form):
    """A GET form whose fields come from a list of facets."""

    def __init__(self, data, facets):
        super().__init__(data)
        self.facets = facets
        for facet in facets:
            choices = facet.choices()
            if facet.multiple:
                field = forms.MultipleChoiceField(
                    label=facet.label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
                )
            else:
                field = forms.ChoiceField(
                    label=facet.label, choices=[("", facet.empty_label), *choices], required=False
                )
            self.fields[facet.param] = field
        self.fields["sort"] = forms.ChoiceField(label="Порядок", choices=SORTS, required=False)

    def selected(self):
        """{param: [values]} of the filters the visitor chose; unknown values are dropped."""
        if not self.is_bound:
            return {}
        # Filters with an invalid value are ignored one by one rather than failing the whole form.
        self.is_valid()
        chosen = {}
        for facet in self.facets:
            value = self.cleaned_data.get(facet.param) if facet.param in self.cleaned_data else None
            values = list(value or []) if facet.multiple else ([value] if value else [])
            if values:
                chosen[facet.param] = values
        return chosen


def filter_listing(queryset, facets, data):
    """Return (form, queryset) with the visitor's filters and sort applied."""
    form = FilterForm(data, facets)
    chosen = form.selected()
    for facet in facets:
        values = chosen.get(facet.param)
        if values:
            queryset = queryset.filter(**{facet.lookup: values})
    if chosen:
        # Filters across many-to-many relations repeat a page once per matching term.
        queryset = queryset.distinct()
    queryset = queryset.annotate(downloads=downloads_subquery())
    sort = form.cleaned_data.get("sort") if form.is_bound else ""
    if sort == "downloads":
        queryset = queryset.order_by("-downloads", "-first_published_at", "-pk")
    else:
        queryset = queryset.order_by("-first_published_at", "-pk")
    return form, queryset
