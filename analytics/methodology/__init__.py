"""Pure computation of METHODOLOGY.md: data frames in, data frames out, no Django.

The Django side loads inputs, calls ``compute`` and stores the ``ComputationResult`` with its
``Parameters``; tests and benchmarks call the same functions directly.
"""

from .beyond import cluster, contextual_peers, resilient, value_added
from .gap import GAP_COLUMNS, gap_table
from .inputs import (
    normalise_context,
    normalise_results,
    normalise_schools,
    parse_bool,
    parse_bool_series,
)
from .objectivity import FLAG_COLUMNS, objectivity_flags, partial_indices
from .parameters import Parameters
from .partners import PARTNER_COLUMNS, partner_suggestions
from .pipeline import OUTPUT_COLUMNS, ComputationResult, compute, fingerprint, format_output
from .programme import TARGET_COLUMNS, programme_targets
from .quality import (
    INDEX_COLUMNS,
    INDICATOR_COLUMNS,
    indicator_indices,
    quality_group,
    school_index,
)
from .synthetic import generate_region
from .wellbeing import (
    COEFFICIENT_COLUMNS,
    REGRESSION_COLUMNS,
    WELLBEING_COLUMNS,
    isbs_group,
    wellbeing_index,
)

__all__ = [
    "COEFFICIENT_COLUMNS",
    "FLAG_COLUMNS",
    "GAP_COLUMNS",
    "INDEX_COLUMNS",
    "INDICATOR_COLUMNS",
    "OUTPUT_COLUMNS",
    "PARTNER_COLUMNS",
    "REGRESSION_COLUMNS",
    "TARGET_COLUMNS",
    "WELLBEING_COLUMNS",
    "ComputationResult",
    "Parameters",
    "cluster",
    "compute",
    "contextual_peers",
    "fingerprint",
    "format_output",
    "gap_table",
    "generate_region",
    "indicator_indices",
    "isbs_group",
    "normalise_context",
    "normalise_results",
    "normalise_schools",
    "objectivity_flags",
    "parse_bool",
    "parse_bool_series",
    "partial_indices",
    "partner_suggestions",
    "programme_targets",
    "quality_group",
    "resilient",
    "school_index",
    "value_added",
    "wellbeing_index",
]
