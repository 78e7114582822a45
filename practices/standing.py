"""What a practice page may say about its school's standing in the latest computation.

The computation lives in analytics and is built separately; this is the one place where the
library reads it. Only group words are shown to the public, never numbers, and when analytics
offers nothing (no computation yet, or no such function) the page simply says nothing.
"""

RESILIENT = "Резильентная школа: высокие результаты в сложных социальных условиях"
STRONG = "Школа с высокими образовательными результатами"

# Quality groups the computation may report for a strong school.
STRONG_GROUPS = {"high", "strong", "top", "высокие", "высокий"}


def school_standing(school):
    """Return a short Russian phrase about the school's latest standing, or None.

    Reads `analytics.models.latest_school_standing(school)`: a dict (or object) with `resilient`
    and `strong` flags (and `quality_group`); anything else is treated as "no standing".
    """
    if school is None:
        return None
    try:
        from analytics.models import latest_school_standing
    except ImportError:
        return None
    try:
        standing = latest_school_standing(school)
    except (LookupError, AttributeError, TypeError, ValueError):
        return None
    if not standing:
        return None

    def read(key):
        return standing.get(key) if isinstance(standing, dict) else getattr(standing, key, None)

    if read("resilient"):
        return RESILIENT
    if read("strong") or str(read("quality_group") or "").lower() in STRONG_GROUPS:
        return STRONG
    return None
