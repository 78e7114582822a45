"""What the consultation service offers its consultants and supervisors in «Мой кабинет»."""

from django.urls import reverse

from base.cabinet import Entry

from . import access
from .admin_views import URL_NAMESPACE
from .choices import Status

SECTION = "Консультационная служба"


def consultation_entries(user) -> list[Entry]:
    if not (access.is_supervisor(user) or user.has_perm(access.VIEW)):
        return []
    requests = access.visible_requests(user)
    mine = requests.filter(consultant=user, status=Status.ASSIGNED).count()
    queue = requests.filter(consultant__isnull=True).count()
    entries = [
        Entry(
            SECTION,
            "Обращения родителей",
            reverse(f"{URL_NAMESPACE}:index"),
            f"Ждут вашего ответа: {mine}; ждут консультанта: {queue}.",
            30,
        )
    ]
    if access.can_see_figures(user):
        entries.append(
            Entry(SECTION, "Показатели службы", reverse("parents_figures"), "Обращения по месяцам, темам, срокам.", 31)
        )
    return entries
