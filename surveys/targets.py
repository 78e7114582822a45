"""Which schools a campaign asks, and their links.

"Programme schools" are known to the programme's records, which live in the analytics app
above this one; analytics hands its answer over with ``register_programme_schools`` from its
``ready()``, so this app never imports it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from registry.models import School

from .models import Campaign, CampaignSchool

_programme_schools: list[Callable[[int], object]] = []


class TargetsUnavailable(Exception):
    """The campaign's schools cannot be listed (nobody keeps programme records here)."""


def register_programme_schools(resolver: Callable[[int], object]) -> None:
    """``resolver(year)`` returns a queryset of the programme's schools for that year."""
    if resolver not in _programme_schools:
        _programme_schools.append(resolver)


def target_schools(campaign: Campaign):
    schools = School.objects.all()
    if campaign.municipality_id:
        schools = schools.filter(municipality_id=campaign.municipality_id)
    if campaign.schools_filter == Campaign.Schools.PROGRAMME:
        if not _programme_schools:
            raise TargetsUnavailable("Список школ — участников программы недоступен.")
        schools = schools.filter(pk__in=_programme_schools[0](campaign.year).values("pk"))
    return schools


@transaction.atomic
def sync_targets(campaign: Campaign) -> tuple[int, int]:
    """Give every target school a link and take links from schools no longer targeted, unless
    someone already answered through them. Returns (links added, links removed)."""
    wanted = set(target_schools(campaign).values_list("pk", flat=True))
    have = dict(campaign.targets.values_list("school_id", "pk"))
    answered = set(campaign.responses.values_list("school_id", flat=True))
    removable = [pk for school_id, pk in have.items() if school_id not in wanted and school_id not in answered]
    CampaignSchool.objects.filter(pk__in=removable).delete()
    added = 0
    for school_id in sorted(wanted - set(have)):
        CampaignSchool.objects.create_with_code(campaign=campaign, school_id=school_id)
        added += 1
    return added, len(removable)


def pin_version(campaign: Campaign) -> None:
    """Give the campaign the survey as it is now, while nobody has answered: answers already
    given keep the version they were given to."""
    if campaign.version_id and campaign.has_responses:
        return
    version = campaign.survey.current_version()
    if campaign.version_id != version.pk:
        campaign.version = version
        campaign.save(update_fields=["version"])
