from .audit import AccessLog
from .data import AssessmentResult, RiskProfile, SocialContext
from .pages import AnalyticsIndexPage
from .programme import Partnership, ProfessionalDevelopment, ProgrammeEvent, SchoolProgramme
from .runs import ComputationRun, GapResult, ImportRecord, IndicatorResult, RegressionReport, SchoolYearResult

__all__ = [
    "AccessLog",
    "AnalyticsIndexPage",
    "AssessmentResult",
    "ComputationRun",
    "GapResult",
    "ImportRecord",
    "IndicatorResult",
    "Partnership",
    "ProfessionalDevelopment",
    "ProgrammeEvent",
    "RegressionReport",
    "RiskProfile",
    "SchoolProgramme",
    "SchoolYearResult",
    "SocialContext",
]
