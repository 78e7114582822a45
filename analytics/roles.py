"""What each staff role may do with analytics and the registry (see base.roles for the roles)."""

from base.roles import MUNICIPAL_SPECIALISTS, REGIONAL_ANALYSTS, SCHOOL_LEADERS, grant

SCOPED_VIEW = "analytics.view_school_analytics"

# Tables the regional analysts keep in the admin (the import writes the same ones).
ANALYST_TABLES = {
    "registry": ["municipality", "school"],
    "analytics": [
        "assessmentresult",
        "socialcontext",
        "riskprofile",
        "schoolprogramme",
        "partnership",
        "professionaldevelopment",
        "programmeevent",
    ],
}
# Written only by the import and the computation; analysts read them.
ANALYST_RECORDS = ["analytics.view_importrecord", "analytics.view_computationrun", "registry.view_risk"]


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
