"""What the roles may do with registrations for events (see base.roles for the roles).

Methodists run the seminars: they see who registered, export the lists, mark attendance and,
when a participant phones to withdraw, cancel a registration (the seat goes to the waiting
list as if the person had used the link). Nobody adds registrations in the admin: people
register themselves with their own consent, which staff cannot give for them.
"""

from base.roles import METHODISTS, grant

REGISTRATION_PERMISSIONS = ["communities.view_registration", "communities.change_registration"]


def grant_registration_permissions():
    grant(METHODISTS, REGISTRATION_PERMISSIONS)
