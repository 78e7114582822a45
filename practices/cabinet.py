"""What the library offers methodologists and experts in «Мой кабинет»."""

from django.urls import reverse

from base.cabinet import Entry
from base.roles import EXPERTS, METHODISTS

from .models import MaterialIndexPage, PracticeIndexPage

SECTION = "Библиотека практик и материалов"


def library_entries(user) -> list[Entry]:
    groups = set(user.groups.values_list("name", flat=True))
    if not (user.is_superuser or groups & {METHODISTS, EXPERTS}):
        return []
    entries = []
    if user.is_superuser or EXPERTS in groups:
        entries.append(
            Entry(
                SECTION,
                "Экспертиза",
                reverse("wagtailadmin_home"),
                "Публикации, которые ждут вашего решения, — на первой странице панели управления.",
                20,
            )
        )
    for index in [*PracticeIndexPage.objects.live(), *MaterialIndexPage.objects.live()]:
        entries.append(
            Entry(
                SECTION,
                index.title,
                reverse("wagtailadmin_explore", args=[index.pk]),
                "Черновики, публикации и отправка на экспертизу.",
                21,
            )
        )
    return entries
