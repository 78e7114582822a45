from home.models import SectionIndexPage


class PracticeIndexPage(SectionIndexPage):
    """The best-practice library."""

    subpage_types = []

    class Meta:
        verbose_name = "Библиотека лучших практик"


class MaterialIndexPage(SectionIndexPage):
    """The bank of methodological materials."""

    subpage_types = []

    class Meta:
        verbose_name = "Методические материалы"
