"""A school's standing in the latest successful computation, for pages outside analytics.

The practice library says "resilient school" or "strong school" beside a practice; it reads
that through the template tag in ``analytics.templatetags.school_standing``, so the library
never imports analytics. Only group words reach the public, never numbers.
"""

from __future__ import annotations

from .models import ComputationRun, SchoolYearResult

STRONG_MIN_GROUP = 8  # METHODOLOGY.md section 3: partner schools are of group >= 8

RESILIENT = "Резильентная школа: высокие результаты в сложных социальных условиях"
STRONG = "Школа с высокими образовательными результатами"


def latest_school_standing(school) -> dict | None:
    """{"year", "quality_group", "resilient", "strong"} from the school's latest year in the
    latest successful run that has it; None when no run has computed the school."""
    if school is None:
        return None
    row = (
        SchoolYearResult.objects.filter(school=school, run__status=ComputationRun.Status.SUCCESS)
        .order_by("-run__started_at", "-run_id", "-year")
        .values("year", "quality_group", "resilient")
        .first()
    )
    if row is None:
        return None
    group = row["quality_group"]
    return {
        "year": row["year"],
        "quality_group": group,
        "resilient": bool(row["resilient"]),
        "strong": group is not None and group >= STRONG_MIN_GROUP,
    }


def standing_phrase(school) -> str | None:
    """The public phrase for the school's latest standing, or None when there is nothing to say."""
    standing = latest_school_standing(school)
    if standing is None:
        return None
    if standing["resilient"]:
        return RESILIENT
    if standing["strong"]:
        return STRONG
    return None
