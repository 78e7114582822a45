"""The one way pages outside analytics learn a school's standing (DESIGN.md "Layout")."""

from django import template

from ..standing import standing_phrase

register = template.Library()


@register.simple_tag
def school_standing(school):
    """A short public phrase («Резильентная школа…») or None; never numbers."""
    return standing_phrase(school)
