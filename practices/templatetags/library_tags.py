"""What other pages show of the library, without importing its models (DESIGN.md "Layout")."""

from django import template

from wagtail.models import Page

from ..models import MaterialPage, PracticePage
from ..queries import practices_addressing

register = template.Library()


@register.inclusion_tag("practices/components/newest_resources.html", takes_context=True)
def newest_resources(context, below, limit=6):
    """The newest published public practices and materials under the page ``below``."""
    resources = (
        Page.objects.live()
        .public()
        .descendant_of(below)
        .type(PracticePage, MaterialPage)
        .order_by("-first_published_at", "-pk")
        .specific()[:limit]
    )
    return {"newest_resources": resources, "request": context.get("request")}


@register.simple_tag
def practices_for_risks(*risk_ids, limit=5):
    """Published public practices that address any of the risks (e.g. a teacher's deficit area)."""
    return practices_addressing(risk_ids=[r for r in risk_ids if r], limit=limit)
