"""Two people racing for the last seat on PostgreSQL: one gets it, the other waits.

The seat is decided under ``select_for_update`` on the occurrence row, so the second transaction
waits for the first to commit and then counts its seat. SQLite has no row locks (it serialises
writers as a whole), so the race is run where production runs: on PostgreSQL.
"""

import threading
import time

import pytest

from django.db import connection, connections

from communities import registration as service
from communities.models import Registration
from tests.factories import communities as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


def data(email):
    return {"full_name": "Участник гонки", "email": email, "school": None, "organisation": "СОШ", "position": "учитель"}


def run_in_threads(*targets):
    """Run each target in its own thread (each with its own connection, closed at the end)."""
    errors = []

    def wrap(target):
        def run():
            try:
                target()
            except Exception as error:  # noqa: BLE001 (reported to the test below)
                errors.append(error)
            finally:
                connections.close_all()

        return run

    threads = [threading.Thread(target=wrap(target)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a registration never finished (a deadlock?)"
    assert errors == []


def test_two_people_racing_for_the_last_seat_one_gets_it_and_one_waits(calendar):
    event = f.make_event(calendar, capacity=2)
    occurrence = event.occurrences.get()
    service.register(occurrence, data("first@example.ru"), calendar.consent_page)
    start = threading.Barrier(2)

    def racer(email):
        def run():
            start.wait(timeout=30)
            service.register(occurrence, data(email), calendar.consent_page)

        return run

    run_in_threads(racer("a@example.ru"), racer("b@example.ru"))

    statuses = sorted(Registration.objects.exclude(email="first@example.ru").values_list("status", flat=True))
    assert statuses == [Registration.Status.CONFIRMED, Registration.Status.WAITING]
    assert Registration.objects.filter(status=Registration.Status.CONFIRMED).count() == 2


def test_the_second_transaction_waits_for_the_first_to_commit_and_counts_its_seat(calendar, monkeypatch):
    """The first registration holds the lock while its letter is written (slowed down here); the
    second, started meanwhile, must wait and then see the seat taken. Without the lock both would
    count one free seat and both would get it."""
    event = f.make_event(calendar, capacity=1)
    occurrence = event.occurrences.get()
    holding_lock = threading.Event()
    original = service.send_letter
    finished = {}

    def slow_letter(registration, name, **kwargs):
        if registration.email == "first@example.ru":
            holding_lock.set()
            time.sleep(1.5)
        return original(registration, name, **kwargs)

    monkeypatch.setattr(service, "send_letter", slow_letter)

    def first():
        service.register(occurrence, data("first@example.ru"), calendar.consent_page)
        finished["first"] = time.monotonic()

    def second():
        assert holding_lock.wait(timeout=30)
        service.register(occurrence, data("second@example.ru"), calendar.consent_page)
        finished["second"] = time.monotonic()

    run_in_threads(first, second)

    assert finished["second"] >= finished["first"]
    status = dict(Registration.objects.values_list("email", "status"))
    assert status == {
        "first@example.ru": Registration.Status.CONFIRMED,
        "second@example.ru": Registration.Status.WAITING,
    }


def test_a_cancellation_racing_a_registration_never_overfills_the_occurrence(calendar):
    event = f.make_event(calendar, capacity=1)
    occurrence = event.occurrences.get()
    holder = service.register(occurrence, data("holder@example.ru"), calendar.consent_page)
    waiting = service.register(occurrence, data("waiting@example.ru"), calendar.consent_page)
    start = threading.Barrier(2)

    def cancel():
        start.wait(timeout=30)
        service.cancel(holder)

    def newcomer():
        start.wait(timeout=30)
        service.register(occurrence, data("newcomer@example.ru"), calendar.consent_page)

    run_in_threads(cancel, newcomer)

    # Either order ends the same: if the cancellation went first, it promoted the waiting person
    # and the newcomer found the seat taken; if the newcomer went first, they found it full and
    # queued behind, and the cancellation promoted the one waiting longest. A newcomer never
    # jumps the queue, and the occurrence never holds more than its capacity.
    confirmed = list(Registration.objects.filter(status=Registration.Status.CONFIRMED).values_list("email", flat=True))
    assert confirmed == [waiting.email]
    assert Registration.objects.get(email="newcomer@example.ru").status == Registration.Status.WAITING
