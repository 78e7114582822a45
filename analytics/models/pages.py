from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from home.models import SectionIndexPage


class AnalyticsIndexPage(SectionIndexPage):
    """Entry to the staff-only analytics area; never shown to anonymous visitors."""

    subpage_types = []

    class Meta:
        verbose_name = "Аналитика (для сотрудников)"
        permissions = [("view_school_analytics", "Может видеть аналитику по школам")]

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("analytics.view_school_analytics"):
            raise PermissionDenied
        return super().serve(request, *args, **kwargs)
