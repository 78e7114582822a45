from home.models import SectionIndexPage


class BankPage(SectionIndexPage):
    """The resource bank: one search over practices and materials."""

    subpage_types = []

    class Meta:
        verbose_name = "Банк методических ресурсов"
