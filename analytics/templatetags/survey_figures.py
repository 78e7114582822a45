"""How the survey pages write their figures: shares as Russian percentages."""

from django import template

from analytics.methodology.programme import number
from analytics.survey_results import LEVEL_LABELS

register = template.Library()


@register.filter
def percent(share):
    """``0.875`` → «87,5 %»; a missing share is a dash."""
    if share is None:
        return "—"
    return f"{number(round(100 * float(share), 1))}\u00a0%"


@register.filter
def bar_width(share):
    """A share as a CSS width for the bars beside the figures (the figure is always written too)."""
    if share is None:
        return "0%"
    return f"{max(0.0, min(100.0, 100 * float(share))):.1f}%"


@register.filter
def get_item(mapping, key):
    """A dictionary's value in a template: ``counts|get_item:code``."""
    return mapping.get(key) if mapping else None


@register.filter
def risk_level(level):
    """``high`` → «высокий»."""
    return LEVEL_LABELS.get(level, level)
