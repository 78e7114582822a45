"""Models of the parents' consultation service: pages (``pages``) and requests (``requests``)."""

from .pages import (
    ConsultantIndexPage,
    ConsultantPage,
    ConsultationServicePage,
    ConsultationSlot,
    FAQPage,
    LecturesPage,
)
from .requests import ConsultationRequest, ConsultationTopic, InternalNote, StatusChange

__all__ = [
    "ConsultantIndexPage",
    "ConsultantPage",
    "ConsultationRequest",
    "ConsultationServicePage",
    "ConsultationSlot",
    "ConsultationTopic",
    "FAQPage",
    "InternalNote",
    "LecturesPage",
    "StatusChange",
]
