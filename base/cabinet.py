"""«Мой кабинет»: where a signed-in member of staff finds their work.

Each app knows what its roles do, so each registers a provider (``register``) that returns
the entries a user may open; the cabinet only lists them. base imports no feature app: the
providers come to it from the apps' ``ready()``.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One piece of work: a heading of the cabinet's section, a link and what it is for."""

    section: str
    title: str
    url: str
    description: str = ""
    # Lower comes first: the everyday work of a role before the reference pages.
    order: int = 50


_providers: list[Callable] = []


def register(provider: Callable) -> None:
    """``provider(user)`` returns the cabinet entries ``user`` may open (an empty list if none)."""
    if provider not in _providers:
        _providers.append(provider)


def entries_for(user) -> list[tuple[str, list[Entry]]]:
    """The user's entries grouped by section, sections in the order of their first entry."""
    entries = sorted((entry for provider in _providers for entry in provider(user)), key=lambda e: e.order)
    sections: dict[str, list[Entry]] = {}
    for entry in entries:
        sections.setdefault(entry.section, []).append(entry)
    return list(sections.items())


def site_admin_entries(user) -> list[Entry]:
    """The Wagtail admin for everyone allowed in; its dashboard lists drafts and review tasks."""
    if not user.has_perm("wagtailadmin.access_admin"):
        return []
    return [
        Entry(
            "Управление сайтом",
            "Панель управления",
            "/admin/",
            "Ваши черновики, страницы на экспертизе и задачи, которые ждут вашего решения.",
            order=90,
        )
    ]


register(site_admin_entries)
