"""Staff-only analytics pages; every view starts from ``analytics.access``."""

from .dashboard import chart_data, dashboard
from .other import municipality, recompute, regression, runs
from .passport import school_chart, school_passport, school_pdf
from .schools import school_export, school_list

__all__ = [
    "chart_data",
    "dashboard",
    "municipality",
    "recompute",
    "regression",
    "runs",
    "school_chart",
    "school_export",
    "school_list",
    "school_passport",
    "school_pdf",
]
