"""Which programme records a staff member's scope covers (DESIGN.md "Access").

``analytics.access`` decides the scope; this module only says where each kind of record meets
it: most records belong to a school, an agreement to the school it supports, a municipal
programme to its municipality, an event to its host school or to its municipality. The admin
(``analytics.programme_admin``), its forms (``analytics.forms``) and the downloads of the
records' documents ask here, so a record is in or out of scope the same way everywhere.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet

from registry.models import Municipality

from .access import Level, Scope
from .models import (
    ImprovementProgramme,
    ImprovementProgrammeReport,
    MentoringPair,
    MunicipalProgramme,
    Partnership,
    ProfessionalDevelopment,
    ProgrammeEvent,
    ProgrammeParticipation,
)

# The path from each record to the school whose scope it falls in. An agreement is the
# supported school's business: its partner may be any school of the region.
SCHOOL_PATHS = {
    ProgrammeParticipation: "school__",
    ImprovementProgramme: "school__",
    ImprovementProgrammeReport: "programme__school__",
    Partnership: "low_school__",
    MentoringPair: "school__",
    ProfessionalDevelopment: "school__",
}
PROGRAMME_RECORDS = (*SCHOOL_PATHS, MunicipalProgramme, ProgrammeEvent)


def records_in_scope(model: type[Model], scope: Scope, queryset: QuerySet | None = None) -> QuerySet:
    """The records of ``model`` (or of ``queryset``) that ``scope`` covers; none for an unknown model."""
    records = model._default_manager.all() if queryset is None else queryset
    if model in SCHOOL_PATHS:
        return scope.filter_schools(records, SCHOOL_PATHS[model])
    if scope.is_regional:
        return records if model in PROGRAMME_RECORDS else records.none()
    if model is MunicipalProgramme:
        # A municipality's own programme: not a school's record, so a school leader sees none.
        if scope.level == Level.MUNICIPALITY:
            return records.filter(municipality_id=scope.municipality_id)
        return records.none()
    if model is ProgrammeEvent:
        hosted = scope.filter_schools(records, "host_school__")
        if scope.level == Level.MUNICIPALITY:
            return hosted | records.filter(municipality_id=scope.municipality_id)
        return hosted
    return records.none()


def covers_event(scope: Scope, host_school, municipality) -> bool:
    """Whether an event with this host school and municipality would be in ``scope``: the rule
    of ``records_in_scope`` for an event not saved yet."""
    if scope.is_regional:
        return True
    if host_school is not None and scope.can_view_school(host_school):
        return True
    return scope.level == Level.MUNICIPALITY and municipality is not None and municipality.pk == scope.municipality_id


def record_in_scope(record: Model, scope: Scope) -> bool:
    """Whether ``scope`` covers this saved record (the same rule as ``records_in_scope``)."""
    if record.pk is None:
        return False
    return records_in_scope(type(record), scope).filter(pk=record.pk).exists()


def municipalities_in_scope(scope: Scope) -> QuerySet:
    """Municipalities a record of this scope may name: all, one's own, or one's school's."""
    municipalities = Municipality.objects.order_by("name")
    if scope.is_regional:
        return municipalities
    if scope.level == Level.MUNICIPALITY:
        return municipalities.filter(pk=scope.municipality_id)
    if scope.level == Level.SCHOOL:
        return municipalities.filter(schools__pk=scope.school_id)
    return municipalities.none()
