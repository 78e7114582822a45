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


# The programme's records, kept by those who carry the programme out: a municipal specialist
# for the municipality's schools and its own support programme, a school leader for the
# school (its participation, programme and reports, agreements, mentoring, training, events).
# Which records each of them reaches is their scope's business (analytics.programme_scope);
# these rights only let them into the tables, in the Wagtail admin and in the import.
SCHOOL_RECORDS = [
    "programmeparticipation",
    "improvementprogramme",
    "improvementprogrammereport",
    "partnership",
    "mentoringpair",
    "professionaldevelopment",
    "programmeevent",
]
MUNICIPAL_RECORDS = [*SCHOOL_RECORDS, "municipalprogramme"]
# The directions of the standard agreement form are seeded by a migration and read by all.
DIRECTIONS = "analytics.view_cooperationdirection"


def record_rights(models: list[str]) -> list[str]:
    return [f"analytics.{action}_{model}" for model in models for action in ("add", "change", "view", "delete")]


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
        + record_rights(MUNICIPAL_RECORDS)
        + [DIRECTIONS]
        + ANALYST_RECORDS,
    )
    # Municipal specialists and school leaders see their part on the staff pages and keep
    # their part of the programme's records in the admin; the StaffProfile of each account
    # says which part (analytics.access).
    grant(MUNICIPAL_SPECIALISTS, [SCOPED_VIEW, DIRECTIONS, *record_rights(MUNICIPAL_RECORDS)])
    grant(SCHOOL_LEADERS, [SCOPED_VIEW, DIRECTIONS, *record_rights(SCHOOL_RECORDS)])
    grant(AUDITORS, auditor_permissions())
