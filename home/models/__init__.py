"""The home app's page types: the home page, information pages and news (``pages``), and the
section «Сведения об образовательной организации» (``orginfo``)."""

from home.models.orginfo import (
    OrgInfoBudgetPage,
    OrgInfoCateringPage,
    OrgInfoCommonPage,
    OrgInfoDocumentsPage,
    OrgInfoEducationPage,
    OrgInfoEmployeesPage,
    OrgInfoGrantsPage,
    OrgInfoIndexPage,
    OrgInfoInternationalPage,
    OrgInfoManagersPage,
    OrgInfoObjectsPage,
    OrgInfoPaidServicesPage,
    OrgInfoStandardsPage,
    OrgInfoStructPage,
    OrgInfoVacanciesPage,
)
from home.models.pages import HOME_SECTION_TYPES, AudienceBlock, ContentPage, HomePage, NewsArticlePage, NewsIndexPage

__all__ = [
    "HOME_SECTION_TYPES",
    "AudienceBlock",
    "ContentPage",
    "HomePage",
    "NewsArticlePage",
    "NewsIndexPage",
    "OrgInfoBudgetPage",
    "OrgInfoCateringPage",
    "OrgInfoCommonPage",
    "OrgInfoDocumentsPage",
    "OrgInfoEducationPage",
    "OrgInfoEmployeesPage",
    "OrgInfoGrantsPage",
    "OrgInfoIndexPage",
    "OrgInfoInternationalPage",
    "OrgInfoManagersPage",
    "OrgInfoObjectsPage",
    "OrgInfoPaidServicesPage",
    "OrgInfoStandardsPage",
    "OrgInfoStructPage",
    "OrgInfoVacanciesPage",
]
