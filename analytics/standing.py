"""A school's standing in the latest successful computation, for pages outside analytics
(the practice library says "resilient school" or "strong school" from it)."""

from __future__ import annotations

STRONG_MIN_GROUP = 8  # METHODOLOGY.md section 3: partner schools are of group >= 8


def latest_school_standing(school) -> dict | None:
    """{"year", "quality_group", "resilient", "strong"} from the school's latest year in the
    latest successful run that has it; None when no run has computed the school."""
    from analytics.models import ComputationRun, SchoolYearResult

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
