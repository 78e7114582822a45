"""Every threshold of METHODOLOGY.md as one frozen, storable object.

A computation run stores ``Parameters.to_dict()`` beside its results, so a published group can
always be traced back to the thresholds that produced it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from scipy.stats import norm

_TUPLE_FIELDS = ("subjects", "factors", "vpr_assessments", "exam_assessments")


@dataclass(frozen=True)
class Parameters:
    """Thresholds of METHODOLOGY.md, each with the contract's default."""

    # Section 1, quality index.
    subjects: tuple[str, ...] = ("math", "russian")
    min_participants: int = 5
    alpha: float = 0.05
    band_width: float = 0.05
    max_step: int = 5
    low_max_group: int = 5
    stable_years: int = 2
    fail_threshold: float = 0.30
    fail_min_indicators: int = 2

    # Section 2, social wellbeing index (ИСБШ).
    factors: tuple[str, ...] = (
        "higher_education_share",
        "single_parent_share",
        "kdn_share",
    )
    # False: ordinary least squares; True: WLS weighted by the school's participants
    # (summed over its kept indicators of the year).
    weighted: bool = False
    isbs_neutral_band: float = 0.25
    isbs_step: float = 0.5
    unfavourable_max_group: int = 4

    # Section 3, beyond the two indices.
    resilient_min_group: int = 7
    cluster_low_max_group: int = 4
    cluster_mid_max_group: int = 7
    vpr_assessments: tuple[str, ...] = ("VPR",)
    exam_assessments: tuple[str, ...] = ("OGE", "EGE")
    objectivity_max_exam_group: int = 6
    objectivity_sd_multiple: float = 2.0
    objectivity_rise: float = 0.15
    gap_share: float = 0.1
    gap_target_pct: float = -0.3
    partner_min_group: int = 8
    partner_max_active: int = 2
    partner_suggestions: int = 3

    # Programme monitoring targets.
    target_indices_computed: float = 1.0
    target_programme_share: float = 0.10
    target_programme_school_share: float = 1.0
    target_trained_staff: int = 5
    target_course_hours: float = 32.0
    target_event_hours: float = 4.0
    target_exchange_events: int = 4
    # Parents satisfied with the quality of education in supported schools (surveys).
    target_parent_satisfaction: float = 0.9

    def __post_init__(self) -> None:
        # Lists from JSON become tuples again, so equal parameters compare and hash equal.
        for name in _TUPLE_FIELDS:
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if not 0 < self.alpha < 1:
            raise ValueError("alpha must lie strictly between 0 and 1")
        if self.band_width <= 0 or self.isbs_step <= 0:
            raise ValueError("band widths must be positive")
        if self.stable_years < 1:
            raise ValueError("stable_years must be at least 1")

    @property
    def critical_value(self) -> float:
        """Two-sided critical value c of section 1 step 6 (1.959964 for alpha 0.05)."""
        return float(norm.ppf(1 - self.alpha / 2))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for storing with a computation run."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Parameters:
        """Inverse of ``to_dict``; missing keys take defaults, unknown keys are an error.

        Unknown keys are refused because a misspelt threshold silently falling back to its
        default would publish groups computed with the wrong rule.
        """
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown parameters: {sorted(unknown)}")
        return cls(**data)
