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


def _municipality(field_name="school__municipality", **kwargs):
    return django_filters.ModelChoiceFilter(
        label="Муниципалитет", field_name=field_name, queryset=_municipalities, empty_label="Все", **kwargs
    )


class ParticipationFilterSet(ProgrammeFilterSet):
    year = django_filters.ChoiceFilter(label="Год", choices=_years_of(ProgrammeParticipation), empty_label=ALL_YEARS)
    role = django_filters.ChoiceFilter(
        label="Статус в программе", choices=ProgrammeParticipation.Role.choices, empty_label="Все"
    )
    category = django_filters.ChoiceFilter(
        label="Категория", choices=ProgrammeParticipation.Category.choices, empty_label="Все"
    )
    municipality = _municipality()

    class Meta:
        model = ProgrammeParticipation
        fields = []


class ImprovementProgrammeFilterSet(ProgrammeFilterSet):
    year = django_filters.ChoiceFilter(
        label="Год реализации",
        choices=_years_between(ImprovementProgramme, "start_date", "end_date"),
        method=_overlapping("start_date", "end_date", open_end=False),
        empty_label=ALL_YEARS,
    )
    kind = django_filters.ChoiceFilter(label="Вид", choices=ImprovementProgramme.Kind.choices, empty_label="Все")
    status = django_filters.ChoiceFilter(label="Статус", choices=ImprovementProgramme.Status.choices, empty_label="Все")
    municipality = _municipality()

    class Meta:
        model = ImprovementProgramme
        fields = []


class MunicipalProgrammeFilterSet(ProgrammeFilterSet):
    year = django_filters.ChoiceFilter(label="Год", choices=_years_of(MunicipalProgramme), empty_label=ALL_YEARS)
    municipality = _municipality("municipality")

    class Meta:
        model = MunicipalProgramme
        fields = []


class PartnershipFilterSet(ProgrammeFilterSet):
    year = django_filters.ChoiceFilter(
        label="Год действия",
        choices=_years_between(Partnership, "start_date", "end_date"),
        method=_overlapping("start_date", "end_date", open_end=True),
        empty_label=ALL_YEARS,
    )
    status = django_filters.ChoiceFilter(label="Статус", choices=Partnership.Status.choices, empty_label="Все")
    municipality = _municipality("low_school__municipality")

    class Meta:
        model = Partnership
        fields = []


class MentoringPairFilterSet(ProgrammeFilterSet):
    year = django_filters.ChoiceFilter(
        label="Год",
        choices=_years_between(MentoringPair, "start_date", "end_date"),
        method=_overlapping("start_date", "end_date", open_end=True),
        empty_label=ALL_YEARS,
    )
    municipality = _municipality()

    class Meta:
        model = MentoringPair
        fields = []


class ProfessionalDevelopmentFilterSet(ProgrammeFilterSet):
    year = django_filters.ChoiceFilter(label="Год", choices=_years_of(ProfessionalDevelopment), empty_label=ALL_YEARS)
    study_form = django_filters.ChoiceFilter(
        label="Форма обучения", choices=ProfessionalDevelopment.StudyForm.choices, empty_label="Все"
    )
    municipality = _municipality()

    class Meta:
        model = ProfessionalDevelopment
        fields = []


def _exchange(queryset, name, value):
    return queryset.filter(is_exchange=value == "yes")


def _event_municipality(queryset, name, value):
    return queryset.filter(Q(host_school__municipality=value) | Q(municipality=value))


class ProgrammeEventFilterSet(ProgrammeFilterSet):
    year = django_filters.ChoiceFilter(
        label="Год",
        choices=_years_between(ProgrammeEvent, "date", "date"),
        field_name="date__year",
        empty_label=ALL_YEARS,
    )
    level = django_filters.ChoiceFilter(label="Уровень", choices=ProgrammeEvent.Level.choices, empty_label="Все")
    is_exchange = django_filters.ChoiceFilter(
        label="Обмен опытом", choices=[("yes", "Да"), ("no", "Нет")], method=_exchange, empty_label="Все"
    )
    municipality = _municipality(method=_event_municipality)

    class Meta:
        model = ProgrammeEvent
        fields = []
