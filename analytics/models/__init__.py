from .pages import AnalyticsIndexPage
from .registry import Municipality, Risk, School

__all__ = ["AnalyticsIndexPage", "Municipality", "Risk", "School"]
