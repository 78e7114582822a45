from django.shortcuts import redirect

from base.models import SectionIndexPage


class AnalyticsIndexPage(SectionIndexPage):
    """Entry to the staff-only analytics area in the page tree; never shown to anonymous visitors.

    The area itself is served by Django views under /analytics/ (analytics/urls.py, routed
    before Wagtail), which decide access through analytics.access. The page keeps the area in
    the tree and in menus; if it is ever reached at another address, it sends to the dashboard,
    whose view applies the same access rules.
    """

    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Аналитика (для сотрудников)"

    def serve(self, request, *args, **kwargs):
        return redirect("analytics:dashboard")
