"""The reminder the day before: once per registration, only for confirmed seats of occurrences that
take place, and not to someone who registered an hour ago."""

import datetime
import io

import pytest

from django.core.management import call_command
from django.utils import timezone

from base.models import OutgoingEmail
from communities import registration as service
from communities.models import EventPage, Registration
from tests.factories import communities as f

pytestmark = pytest.mark.django_db


def registered_long_ago(occurrence, email, status=Registration.Status.CONFIRMED, **fields):
    """A registration made a week before ``now`` (created_at is set by the database on insert)."""
    registration = f.make_registration(occurrence, email=email, status=status, **fields)
    Registration.objects.filter(pk=registration.pk).update(created_at=timezone.now() - datetime.timedelta(days=7))
    return Registration.objects.get(pk=registration.pk)


def event_starting_in(calendar, hours, **fields):
    start = timezone.now() + datetime.timedelta(hours=hours)
    return f.make_event(calendar, start=start, end=start + datetime.timedelta(hours=2), **fields)


def reminders():
    return list(OutgoingEmail.objects.filter(purpose="communities.reminder").order_by("pk"))


def test_confirmed_participants_are_reminded_once_however_often_the_schedule_runs(calendar):
    event = event_starting_in(calendar, 20, format=EventPage.Format.ONLINE)
    occurrence = event.occurrences.get()
    registration = registered_long_ago(occurrence, "anna@example.ru")

    assert service.send_reminders() == {"sent": 1, "skipped": 0}
    assert service.send_reminders() == {"sent": 0, "skipped": 0}
    out = io.StringIO()
    call_command("send_event_reminders", stdout=out)
    assert "Напоминаний поставлено в отправку: 0" in out.getvalue()

    (letter,) = reminders()
    assert letter.recipients == ["anna@example.ru"]
    assert letter.subject.startswith(f"Напоминание: {event.title}")
    assert occurrence.when() in letter.body_text
    assert event.online_url in letter.body_text  # a confirmed participant of an online event
    registration.refresh_from_db()
    assert registration.reminded_at is not None


def test_a_run_that_looked_before_another_run_sent_does_not_send_again(calendar, monkeypatch):
    occurrence = event_starting_in(calendar, 20).occurrences.get()
    registration = registered_long_ago(occurrence, "anna@example.ru")
    # Run A looks up what is due; run B sends everything before A gets to its loop.
    seen_by_a = list(service.due_reminders())
    assert seen_by_a == [registration]
    assert service.send_reminders()["sent"] == 1
    monkeypatch.setattr(service, "due_reminders", lambda now=None: seen_by_a)
    assert service.send_reminders() == {"sent": 0, "skipped": 1}
    assert len(reminders()) == 1


def test_only_occurrences_starting_within_a_day_are_reminded(calendar):
    soon = registered_long_ago(event_starting_in(calendar, 23).occurrences.get(), "soon@example.ru")
    registered_long_ago(event_starting_in(calendar, 30).occurrences.get(), "later@example.ru")
    registered_long_ago(event_starting_in(calendar, 26 * 7).occurrences.get(), "far@example.ru")
    service.send_reminders()
    assert [letter.recipients for letter in reminders()] == [[soon.email]]


def test_the_command_reports_what_it_sent(calendar):
    occurrence = event_starting_in(calendar, 5).occurrences.get()
    registered_long_ago(occurrence, "a@example.ru")
    registered_long_ago(occurrence, "b@example.ru")
    out = io.StringIO()
    call_command("send_event_reminders", stdout=out)
    assert "Напоминаний поставлено в отправку: 2" in out.getvalue()


@pytest.mark.parametrize(
    "case",
    ["waiting", "cancelled registration", "cancelled event", "cancelled occurrence", "unpublished", "just registered"],
)
def test_nobody_is_reminded_of_what_they_do_not_hold_or_what_does_not_take_place(calendar, case):
    event = event_starting_in(calendar, 20)
    occurrence = event.occurrences.get()
    status = {
        "waiting": Registration.Status.WAITING,
        "cancelled registration": Registration.Status.CANCELLED,
    }.get(case, Registration.Status.CONFIRMED)
    registration = registered_long_ago(occurrence, "anna@example.ru", status=status)
    if case == "cancelled event":
        f.republish(event, status=EventPage.Status.CANCELLED)
    elif case == "cancelled occurrence":
        occurrence.cancelled = True
        occurrence.save()
    elif case == "unpublished":
        event.unpublish()
    elif case == "just registered":
        # Registered (or given a seat) inside the last day: the confirmation just said it all.
        Registration.objects.filter(pk=registration.pk).update(created_at=timezone.now())
    OutgoingEmail.objects.all().delete()
    assert service.send_reminders()["sent"] == 0
    assert reminders() == []


def test_someone_promoted_inside_the_last_day_gets_no_reminder_but_one_promoted_earlier_does(calendar):
    occurrence = event_starting_in(calendar, 20).occurrences.get()
    recent = registered_long_ago(occurrence, "recent@example.ru", promoted_at=timezone.now())
    earlier = registered_long_ago(
        occurrence, "earlier@example.ru", promoted_at=timezone.now() - datetime.timedelta(days=3)
    )
    service.send_reminders()
    assert [letter.recipients for letter in reminders()] == [[earlier.email]]
    recent.refresh_from_db()
    assert recent.reminded_at is None
