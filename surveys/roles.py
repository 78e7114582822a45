"""Who writes surveys and runs campaigns (see base.roles for the roles and how grants run).

Regional analysts and methodologists keep the surveys, the campaigns and the deficit areas.
Who sees the answers is not a permission of this app: results are analytics, scoped by
``analytics.access`` like every other school-level figure.
"""

from base.roles import METHODISTS, REGIONAL_ANALYSTS, grant

MANAGE = [
    f"surveys.{action}_{model}"
    for model in ("survey", "campaign", "deficitarea")
    for action in ("add", "change", "delete", "view")
]


def grant_survey_permissions():
    for group in (REGIONAL_ANALYSTS, METHODISTS):
        grant(group, ["wagtailadmin.access_admin", *MANAGE])
