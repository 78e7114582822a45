"""Narrow questions other apps may ask of the library (analytics recommends practices)."""

from django.db.models import Q

from .models import PracticePage


def practices_addressing(*, risk_ids=(), subject_slugs=(), limit=6):
    """Published public practices that address any of the risks or teach any of the subjects."""
    condition = Q()
    if risk_ids:
        condition |= Q(risks__in=list(risk_ids))
    if subject_slugs:
        condition |= Q(subjects__slug__in=list(subject_slugs))
    if not condition:
        return []
    return list(PracticePage.objects.live().public().filter(condition).distinct().order_by("title")[:limit])
