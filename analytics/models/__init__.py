from .audit import AccessLog
from .data import AssessmentResult, RiskProfile, SocialContext
from .pages import AnalyticsIndexPage
from .programme import Partnership, ProfessionalDevelopment, ProgrammeEvent, SchoolProgramme
from .registry import Municipality, Risk, School
from .runs import ComputationRun, GapResult, ImportRecord, IndicatorResult, RegressionReport, SchoolYearResult
from .scope import StaffProfile

__all__ = [
    "AccessLog",
    "AnalyticsIndexPage",
    "AssessmentResult",
    "ComputationRun",
    "GapResult",
    "ImportRecord",
    "IndicatorResult",
    "Municipality",
    "Partnership",
    "ProfessionalDevelopment",
    "ProgrammeEvent",
    "RegressionReport",
    "Risk",
    "RiskProfile",
    "School",
    "SchoolProgramme",
    "SchoolYearResult",
    "SocialContext",
    "StaffProfile",
]

# Defined outside the package (it queries these models); exported here for other apps.
from analytics.standing import latest_school_standing  # noqa: E402

__all__ += ["latest_school_standing"]
