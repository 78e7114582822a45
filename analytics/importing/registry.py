"""What validation needs to know from the database, asked once per import.

With a ``scope`` (the admin passes ``analytics.access.scope_for(user)``) it also answers which
schools and municipalities of a file lie outside the importing user's responsibility; without
one (the command line) nothing does.
"""

from __future__ import annotations

from analytics.access import Level, Scope
from analytics.models import CooperationDirection
from registry.models import Municipality, Risk, School

from .schema import normalise_header

NO_SCOPE_REFUSAL = (
    "Ваша учётная запись не привязана ни к муниципалитету, ни к школе, поэтому загружать записи программы "
    "не для кого. Попросите администратора портала указать в профиле сотрудника ваш муниципалитет или школу."
)


class DatabaseRegistry:
    def __init__(self, scope: Scope | None = None):
        self.scope = scope

    @property
    def limited(self) -> bool:
        """The user answers for part of the region only."""
        return self.scope is not None and not self.scope.is_regional

    def school_codes(self) -> set[str]:
        return set(School.objects.values_list("code", flat=True))

    def municipality_lookup(self) -> dict[str, str]:
        """Normalised name or code -> the registry's name."""
        out: dict[str, str] = {}
        for name, code in Municipality.objects.values_list("name", "code"):
            out[normalise_header(name)] = name
            if code:
                out.setdefault(normalise_header(code), name)
        return out

    def risk_lookup(self) -> dict[str, str]:
        """Normalised code or name -> risk code."""
        out: dict[str, str] = {}
        for code, name in Risk.objects.values_list("code", "name"):
            out[normalise_header(code)] = code
            out[normalise_header(name)] = code
        return out

    def direction_lookup(self) -> dict[str, str]:
        """Normalised code or name of a cooperation direction -> its code."""
        out: dict[str, str] = {}
        for code, name in CooperationDirection.objects.values_list("code", "name"):
            out[normalise_header(code)] = code
            out[normalise_header(name)] = code
        return out

    def school_municipalities(self, codes: set[str]) -> dict[str, str]:
        """School code -> the name of its municipality."""
        return dict(School.objects.filter(code__in=codes).values_list("code", "municipality__name"))

    def scope_refusal(self) -> str | None:
        """Why this user may import no programme record at all, or None."""
        if self.scope is not None and self.scope.level == Level.NONE:
            return NO_SCOPE_REFUSAL
        return None

    def schools_outside_scope(self, codes: set[str]) -> dict[str, str]:
        """Code -> municipality name of the registry's schools among ``codes`` outside the scope."""
        if not self.limited:
            return {}
        schools = School.objects.filter(code__in=codes)
        inside = set(self.scope.filter_schools(schools).values_list("code", flat=True))
        return {code: name for code, name in schools.values_list("code", "municipality__name") if code not in inside}

    def municipalities_outside_scope(self, names: set[str]) -> set[str]:
        """The registry's municipalities among ``names`` outside the scope."""
        if not self.limited:
            return set()
        return {m.name for m in Municipality.objects.filter(name__in=names) if not self.scope.can_view_municipality(m)}
