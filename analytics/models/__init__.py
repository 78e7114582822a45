from .audit import AccessLog
from .data import AssessmentResult, RiskProfile, SocialContext
from .pages import AnalyticsIndexPage
from .programme import (
    CooperationDirection,
    ImprovementProgramme,
    ImprovementProgrammeReport,
    MentoringPair,
    MunicipalProgramme,
    Partnership,
    ProfessionalDevelopment,
    ProgrammeEvent,
    ProgrammeParticipation,
)
from .runs import ComputationRun, GapResult, ImportRecord, IndicatorResult, RegressionReport, SchoolYearResult

__all__ = [
    "AccessLog",
    "AnalyticsIndexPage",
    "AssessmentResult",
    "CooperationDirection",
    "ImprovementProgramme",
    "ImprovementProgrammeReport",
    "MentoringPair",
    "MunicipalProgramme",
    "ComputationRun",
    "GapResult",
    "ImportRecord",
    "IndicatorResult",
    "Partnership",
    "ProfessionalDevelopment",
    "ProgrammeEvent",
    "ProgrammeParticipation",
    "RegressionReport",
    "RiskProfile",
    "SchoolYearResult",
    "SocialContext",
]
