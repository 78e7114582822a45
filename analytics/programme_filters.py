"""Filters of the programme records' admin listings: year, status, role, municipality.

A record "of a year" is what monitoring counts for that year: participation and training by
their year, programmes, agreements and mentoring by the period they cover, events by their
date. The municipality filter is for the region's staff only: a municipal specialist's or a
school leader's listing already holds one municipality, so they do not get it.
"""

from __future__ import annotations

import datetime

import django_filters

from django.db.models import Max, Min, Q

from wagtail.admin.filters import WagtailFilterSet

from registry.models import Municipality

from .access import scope_for
from .models import (
    ImprovementProgramme,
    MentoringPair,
    MunicipalProgramme,
    Partnership,
    ProfessionalDevelopment,
    ProgrammeEvent,
    ProgrammeParticipation,
)
from .programme_scope import municipalities_in_scope

ALL_YEARS = "Все годы"


def _years_of(model):
    """Choices of the years a ``year`` field holds, newest first (read when the form is drawn)."""

    def choices():
        years = model.objects.order_by("-year").values_list("year", flat=True).distinct()
        return [(year, year) for year in years]

    return choices


def _years_between(model, start: str, end: str):
    """Choices of every year from the earliest start to the latest end (or start) of ``model``."""

    def choices():
        bounds = model.objects.aggregate(first=Min(start), last_end=Max(end), last_start=Max(start))
        if bounds["first"] is None:
            return []
        last = max(day for day in (bounds["last_end"], bounds["last_start"]) if day is not None)
        return [(year, year) for year in range(last.year, bounds["first"].year - 1, -1)]

    return choices


def _overlapping(start: str, end: str, *, open_end: bool):
    """A filter method: records whose period [start, end] meets the chosen calendar year."""

    def method(queryset, name, value):
        year = int(value)
        ends = Q(**{f"{end}__gte": datetime.date(year, 1, 1)})
        if open_end:
            ends |= Q(**{f"{end}__isnull": True})
        return queryset.filter(ends, **{f"{start}__lte": datetime.date(year, 12, 31)})

    return method


def _municipalities(request):
    if request is None:
        return Municipality.objects.none()
    return municipalities_in_scope(scope_for(request.user))


class ProgrammeFilterSet(WagtailFilterSet):
    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None or not scope_for(request.user).is_regional:
            self.filters.pop("municipality", None)


def by_year(model, label="Год"):
    """The year of a record with a ``year`` field."""
    return django_filters.ChoiceFilter(label=label, choices=_years_of(model), empty_label=ALL_YEARS)


def by_period(model, label="Год", *, open_end: bool):
    """The years a record's period (``start_date`` to ``end_date``) covers; an open end runs on."""
    return django_filters.ChoiceFilter(
        label=label,
        choices=_years_between(model, "start_date", "end_date"),
        method=_overlapping("start_date", "end_date", open_end=open_end),
        empty_label=ALL_YEARS,
    )


def filterset_for(model, *, year, choices=None, extra=None, municipality="school__municipality"):
    """The filters of one record type's listing, in this order: the year, the record's choice
    fields (``{field: label}``, with the field's own choices), ``extra`` filters, the
    municipality (a field path to it, or a filter of its own)."""
    declared = {"year": year}
    for field, label in (choices or {}).items():
        declared[field] = django_filters.ChoiceFilter(
            label=label, choices=model._meta.get_field(field).choices, empty_label="Все"
        )
    declared.update(extra or {})
    declared["municipality"] = _municipality(municipality) if isinstance(municipality, str) else municipality
    order = list(declared)
    declared["Meta"] = type("Meta", (), {"model": model, "fields": []})
    filterset = type(f"{model.__name__}FilterSet", (ProgrammeFilterSet,), declared)
    # django-filters orders declared filters by when they were made, and the caller makes some
    # before this function makes the choice filters.
    filterset.base_filters = {name: filterset.base_filters[name] for name in order}
    return filterset


def _municipality(field_name="school__municipality", **kwargs):
    return django_filters.ModelChoiceFilter(
        label="Муниципалитет", field_name=field_name, queryset=_municipalities, empty_label="Все", **kwargs
    )


def _exchange(queryset, name, value):
    return queryset.filter(is_exchange=value == "yes")


def _event_municipality(queryset, name, value):
    return queryset.filter(Q(host_school__municipality=value) | Q(municipality=value))


ParticipationFilterSet = filterset_for(
    ProgrammeParticipation,
    year=by_year(ProgrammeParticipation),
    choices={"role": "Статус в программе", "category": "Категория"},
)
ImprovementProgrammeFilterSet = filterset_for(
    ImprovementProgramme,
    year=by_period(ImprovementProgramme, "Год реализации", open_end=False),
    choices={"kind": "Вид", "status": "Статус"},
)
MunicipalProgrammeFilterSet = filterset_for(
    MunicipalProgramme, year=by_year(MunicipalProgramme), municipality="municipality"
)
PartnershipFilterSet = filterset_for(
    Partnership,
    year=by_period(Partnership, "Год действия", open_end=True),
    choices={"status": "Статус"},
    municipality="low_school__municipality",
)
MentoringPairFilterSet = filterset_for(MentoringPair, year=by_period(MentoringPair, open_end=True))
ProfessionalDevelopmentFilterSet = filterset_for(
    ProfessionalDevelopment,
    year=by_year(ProfessionalDevelopment),
    choices={"study_form": "Форма обучения"},
)
ProgrammeEventFilterSet = filterset_for(
    ProgrammeEvent,
    # An event is of the year of its date.
    year=django_filters.ChoiceFilter(
        label="Год",
        choices=_years_between(ProgrammeEvent, "date", "date"),
        field_name="date__year",
        empty_label=ALL_YEARS,
    ),
    choices={"level": "Уровень"},
    extra={
        "is_exchange": django_filters.ChoiceFilter(
            label="Обмен опытом", choices=[("yes", "Да"), ("no", "Нет")], method=_exchange, empty_label="Все"
        )
    },
    municipality=_municipality(method=_event_municipality),
)
