"""What each staff role may do with analytics and the registry (see base.roles for the roles)."""

from django.apps import apps

from base.roles import MUNICIPAL_SPECIALISTS, REGIONAL_ANALYSTS, SCHOOL_LEADERS, grant

SCOPED_VIEW = "analytics.view_school_analytics"

# Tables the regional analysts keep in the admin (the import writes the same ones).
ANALYST_TABLES = {
    "registry": ["municipality", "school"],
    "analytics": [
        "assessmentresult",
        "socialcontext",
        "riskprofile",
        "programmeparticipation",
        "improvementprogramme",
        "municipalprogramme",
        "mentoringpair",
        "partnership",
        "professionaldevelopment",
        "programmeevent",
    ],
}
# Written only by the import and the computation; analysts read them.
ANALYST_RECORDS = ["analytics.view_importrecord", "analytics.view_computationrun", "registry.view_risk"]

# Auditors read, in the Wagtail admin, who looked at, exported, imported or was refused
# analytics data, and django-axes' record of failed sign-ins; they change nothing (the admin
# views of these journals are read-only for everyone, analytics.wagtail_hooks).
AUDITORS = "Аудиторы"
AUDIT_LOG = "analytics.view_accesslog"
SIGN_IN_JOURNALS = {"accessattempt": "axes.view_accessattempt", "accessfailurelog": "axes.view_accessfailurelog"}


def auditor_permissions() -> list[str]:
    sign_in = [
        permission
        for model, permission in SIGN_IN_JOURNALS.items()
        if apps.is_installed("axes") and model in apps.get_app_config("axes").models
    ]
    return ["wagtailadmin.access_admin", AUDIT_LOG, *sign_in]


def grant_analytics_permissions():
    table_rights = [
        f"{app}.{action}_{model}"
        for app, models in ANALYST_TABLES.items()
        for model in models
        for action in ("add", "change", "view")
    ]
    grant(
        REGIONAL_ANALYSTS,
        [SCOPED_VIEW, "analytics.view_region", "analytics.run_computation", "registry.view_staffprofile"]
        + table_rights
        + ANALYST_RECORDS,
    )
    # Municipal specialists and school leaders see their part on the staff pages; the
    # StaffProfile of each account says which part (analytics.access).
    grant(MUNICIPAL_SPECIALISTS, [SCOPED_VIEW])
    grant(SCHOOL_LEADERS, [SCOPED_VIEW])
    grant(AUDITORS, auditor_permissions())
