"""A year after the event a registration keeps what monitoring counts and loses the person's data."""

import datetime
import io

import pytest

from django.core.management import call_command
from django.utils import timezone

from communities.models import Registration
from communities.retention import ANONYMOUS_NAME
from tests.factories import communities as f
from tests.factories.registry import SchoolFactory

pytestmark = pytest.mark.django_db


def test_old_registrations_are_anonymised_and_recent_ones_kept(calendar):
    school = SchoolFactory()
    long_ago = timezone.now() - datetime.timedelta(days=400)
    old_event = f.make_event(calendar, start=long_ago, end=long_ago + datetime.timedelta(hours=2))
    recent_event = f.make_event(calendar, title="Вебинар недавно")
    old = f.make_registration(old_event.occurrences.get(), email="old@example.ru", school=school, attended=True)
    recent = f.make_registration(recent_event.occurrences.get(), email="new@example.ru")

    out = io.StringIO()
    call_command("purge_registrations", "--dry-run", stdout=out)
    assert "Будут обезличены" in out.getvalue() and ": 1." in out.getvalue()
    assert Registration.objects.get(pk=old.pk).email == "old@example.ru"

    call_command("purge_registrations", stdout=io.StringIO())
    old.refresh_from_db()
    assert (old.full_name, old.position, old.organisation) == (ANONYMOUS_NAME, "", "")
    assert "old@example.ru" not in old.email
    assert old.school == school and old.attended is True
    recent.refresh_from_db()
    assert recent.email == "new@example.ru"

    # Running again changes nothing more.
    again = io.StringIO()
    call_command("purge_registrations", stdout=again)
    assert ": 0." in again.getvalue()


def test_a_negative_period_is_refused_in_russian(calendar):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="отрицательным"):
        call_command("purge_registrations", "--days", "-1")
