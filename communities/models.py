from base.models import SectionIndexPage


class CommunityIndexPage(SectionIndexPage):
    """Professional communities of teachers and school leaders."""

    subpage_types = []

    class Meta:
        verbose_name = "Профессиональные сообщества"


class EventIndexPage(SectionIndexPage):
    """The calendar of seminars, webinars and other events."""

    subpage_types = []

    class Meta:
        verbose_name = "Календарь мероприятий"
