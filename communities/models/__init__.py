"""Professional communities, their events, occurrences and registrations."""

from .communities import CommunityIndexPage, CommunityMaterial, CommunityMember, CommunityPage, SchoolMembership
from .events import EventIndexPage, EventMaterial, EventPage, EventSpeaker, SkippedDate
from .occurrences import EventOccurrence
from .registrations import Registration

__all__ = [
    "CommunityIndexPage",
    "CommunityMaterial",
    "CommunityMember",
    "CommunityPage",
    "EventIndexPage",
    "EventMaterial",
    "EventOccurrence",
    "EventPage",
    "EventSpeaker",
    "Registration",
    "SchoolMembership",
    "SkippedDate",
]
