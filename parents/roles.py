"""What the service's staff may do (see base.roles for the roles and how grants run).

Consultants handle requests: they see their own and the unassigned queue (``parents.access``
narrows the querysets; the model permissions only open the admin views). Supervisors of the
service, a group of its own made here, see every request, assign consultants, keep the list
of topics and read the figures.
"""

from base.roles import CONSULTANTS, grant

SUPERVISORS = "Руководители консультационной службы"

CONSULTANT_PERMISSIONS = ["parents.view_consultationrequest", "parents.change_consultationrequest"]
SUPERVISOR_PERMISSIONS = [
    "wagtailadmin.access_admin",
    *CONSULTANT_PERMISSIONS,
    "parents.delete_consultationrequest",
    "parents.supervise_consultations",
    "parents.view_consultation_figures",
    "parents.add_consultationtopic",
    "parents.change_consultationtopic",
    "parents.view_consultationtopic",
]


def grant_consultation_permissions():
    grant(CONSULTANTS, CONSULTANT_PERMISSIONS)
    grant(SUPERVISORS, SUPERVISOR_PERMISSIONS)
