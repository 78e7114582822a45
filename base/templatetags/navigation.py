from django import template

from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The home page's children marked «show in menus», in tree order."""
    site = Site.find_for_request(context["request"])
    if site is None:
        return Page.objects.none()
    return site.root_page.get_children().live().public().in_menu()


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """Ancestors from the home page down to the parent of `page`."""
    site = Site.find_for_request(context["request"])
    if site is None or page is None:
        return []
    return page.get_ancestors(inclusive=False).filter(depth__gte=site.root_page.depth).specific()


@register.filter
def is_section_of(menu_page, current_page):
    """True when `current_page` is `menu_page` or lies inside it (for aria-current)."""
    return current_page is not None and current_page.path.startswith(menu_page.path)
