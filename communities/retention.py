"""Personal data of event participants kept only as long as the consent says.

The consent text promises at most a year after the event: afterwards a registration keeps
its school, status, attendance and dates (programme monitoring counts them) and loses the
name, address, position and free-text organisation.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Registration

logger = logging.getLogger(__name__)

ANONYMOUS_NAME = "Данные удалены"


def stale_registrations(days: int | None = None, now=None):
    days = settings.EVENT_REGISTRATION_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return Registration.objects.filter(occurrence__end__lt=cutoff).exclude(full_name=ANONYMOUS_NAME), cutoff


@transaction.atomic
def anonymise(days: int | None = None, *, dry_run: bool = False, now=None) -> tuple[int, object]:
    """Anonymise registrations of occurrences that ended more than ``days`` ago; return the count."""
    registrations, cutoff = stale_registrations(days, now)
    ids = list(registrations.values_list("pk", flat=True))
    if not dry_run:
        for pk in ids:
            # The address is part of a uniqueness rule per occurrence: each gets its own placeholder.
            Registration.objects.filter(pk=pk).update(
                full_name=ANONYMOUS_NAME, email=f"deleted-{pk}@invalid", position="", organisation=""
            )
        logger.info("Обезличено регистраций на мероприятия: %s (занятия до %s)", len(ids), cutoff)
    return len(ids), cutoff
