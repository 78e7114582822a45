"""Who may see which school-level analytics: the one place that decides (DESIGN.md "Access").

Every analytics view, export, chart data endpoint and PDF starts with ``require_scope`` and
filters what it reads through the returned ``Scope``. Nothing else in the app decides access,
so a new page cannot forget a rule that lives here.

Rules (fail closed: anything unexpected means "nothing"):

- anonymous visitors are sent to sign in;
- without the permission ``analytics.view_school_analytics`` there is nothing to see (403);
- a superuser, or anyone with ``analytics.view_region`` (the regional analysts' group), sees every school;
- otherwise the ``StaffProfile`` decides: a municipality gives that municipality's schools,
  a school gives that one school's passport; no profile (or an empty one) gives nothing,
  even with the permission, so a half-configured account never sees the whole region.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import wraps

from ipware import get_client_ip

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import Http404
from django.utils.cache import patch_cache_control

from registry.models import School, StaffProfile

from .models import AccessLog

VIEW_PERMISSION = "analytics.view_school_analytics"
REGION_PERMISSION = "analytics.view_region"
RECOMPUTE_PERMISSION = "analytics.run_computation"


class Level(StrEnum):
    NONE = "none"
    SCHOOL = "school"
    MUNICIPALITY = "municipality"
    REGION = "region"


@dataclass(frozen=True)
class Scope:
    level: Level
    municipality_id: int | None = None
    school_id: int | None = None
    can_recompute: bool = False

    @property
    def is_regional(self) -> bool:
        return self.level == Level.REGION

    @property
    def can_list(self) -> bool:
        """May see lists of schools (with names): the region or one municipality."""
        return self.level in (Level.REGION, Level.MUNICIPALITY)

    @property
    def can_see_aggregates(self) -> bool:
        """Regional figures without school names (dashboard, regression, runs)."""
        return self.level in (Level.REGION, Level.MUNICIPALITY)

    def filter_schools(self, queryset, prefix: str = ""):
        """Narrow any queryset to the scope; ``prefix`` is the path to the school, e.g. ``"school__"``."""
        if self.level == Level.REGION:
            return queryset
        if self.level == Level.MUNICIPALITY:
            return queryset.filter(**{f"{prefix}municipality_id": self.municipality_id})
        if self.level == Level.SCHOOL:
            return queryset.filter(**{f"{prefix}id" if prefix else "id": self.school_id})
        return queryset.none()

    def schools(self):
        return self.filter_schools(School.objects.all())

    def can_view_school(self, school) -> bool:
        if self.level == Level.REGION:
            return True
        if self.level == Level.MUNICIPALITY:
            return school.municipality_id == self.municipality_id
        if self.level == Level.SCHOOL:
            return school.pk == self.school_id
        return False

    def can_view_municipality(self, municipality) -> bool:
        if self.level == Level.REGION:
            return True
        return self.level == Level.MUNICIPALITY and municipality.pk == self.municipality_id

    def school_or_404(self, code: str):
        """The school with ``code`` if in scope; out of scope looks exactly like unknown (404)."""
        if "\x00" in code:
            raise Http404("Школа не найдена")  # PostgreSQL refuses NUL in text; no code contains one
        school = School.objects.select_related("municipality").filter(code=code).first()
        if school is None or not self.can_view_school(school):
            raise Http404("Школа не найдена")
        return school


NO_SCOPE = Scope(Level.NONE)


def scope_for(user) -> Scope:
    """The scope of ``user``; see the module docstring for the rules."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    if not user.has_perm(VIEW_PERMISSION):
        return NO_SCOPE
    can_recompute = user.is_superuser or user.has_perm(RECOMPUTE_PERMISSION)
    if user.has_perm(REGION_PERMISSION):
        return Scope(Level.REGION, can_recompute=can_recompute)
    profile = StaffProfile.objects.filter(user=user).first()
    if profile is not None and profile.municipality_id and profile.school_id:
        return NO_SCOPE  # contradictory profile (the model forbids it): fail closed
    if profile is not None and profile.municipality_id:
        return Scope(Level.MUNICIPALITY, municipality_id=profile.municipality_id, can_recompute=False)
    if profile is not None and profile.school_id:
        return Scope(Level.SCHOOL, school_id=profile.school_id, can_recompute=False)
    return NO_SCOPE


class LoginRequired(Exception):
    """Raised for anonymous requests; ``require_scope`` turns it into the login redirect."""


def require_scope(request, *, need: str = "any") -> Scope:
    """Scope of the request's user, or raise: anonymous -> login (via the decorator), none -> 403.

    ``need`` is ``"any"`` (some scope), ``"list"`` (lists of schools: region or municipality),
    ``"aggregates"`` (regional figures without names: region or municipality) or ``"recompute"``.
    """
    if not request.user.is_authenticated:
        raise LoginRequired
    scope = scope_for(request.user)
    if scope.level == Level.NONE:
        raise _denied(request)
    if need == "list" and not scope.can_list:
        raise _denied(request)
    if need == "aggregates" and not scope.can_see_aggregates:
        raise _denied(request)
    if need == "recompute" and not scope.can_recompute:
        raise _denied(request)
    request.analytics_scope = scope
    return scope


def _denied(request) -> PermissionDenied:
    """The 403 of a signed-in account, written to the access log first: an account knocking
    where it may not go is what an auditor looks for."""
    log_access(request, AccessLog.Action.DENIED)
    return PermissionDenied()


def scoped(need: str = "any"):
    """Decorator for analytics views: computes the scope, passes it as ``scope``, handles login."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                response = view(request, require_scope(request, need=need), *args, **kwargs)
            except LoginRequired:
                response = redirect_to_login(request.get_full_path())
            except (PermissionDenied, Http404) as refusal:
                # Rendered here (by the site's 403/404 handlers) so refusals get the header too.
                response = response_for_exception(request, refusal)
            # School-level data must not stay in a shared proxy or in the browser's cache.
            patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
            return response

        return wrapped

    return decorator


def client_address(request) -> str | None:
    """The visitor's IP address, found the way django-axes finds it (the same ``AXES_IPWARE_*``
    settings), so the analytics log and the sign-in journal agree about who came from where."""
    address, _routable = get_client_ip(
        request,
        proxy_order=getattr(settings, "AXES_IPWARE_PROXY_ORDER", "left-most"),
        proxy_count=getattr(settings, "AXES_IPWARE_PROXY_COUNT", None),
        proxy_trusted_ips=getattr(settings, "AXES_IPWARE_PROXY_TRUSTED_IPS", None),
        request_header_order=getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", ("REMOTE_ADDR",)),
    )
    return address


def log_access(request, action: str, object_ref: str = "", rows: int | None = None) -> None:
    """Record one view, export, refusal or import of analytics data (who, when, what, from where)."""
    user = request.user if request.user.is_authenticated else None
    AccessLog.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        path=request.get_full_path()[:500],
        object_ref=str(object_ref)[:100],
        rows=rows,
        ip_address=client_address(request),
    )
