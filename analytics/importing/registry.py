"""What validation needs to know from the database, asked once per import."""

from __future__ import annotations

from registry.models import Municipality, Risk, School

from .schema import normalise_header


class DatabaseRegistry:
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
