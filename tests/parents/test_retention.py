"""`purge_consultations`: closed requests past the retention period lose their personal data;
nothing else does, a dry run changes nothing, and the service's figures stay the same."""

import datetime
import io
import logging

import pytest

from django.core.management import CommandError, call_command
from django.utils import timezone

from parents import figures
from parents.choices import Status
from parents.models import InternalNote
from parents.retention import ERASED_NAME
from tests.factories import parents
from tests.factories.registry import MunicipalityFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def requests(home):
    parents.service()
    school = SchoolFactory()
    old = parents.consultation(
        status=Status.CLOSED,
        created_at=days_ago(420),
        closed_at=days_ago(400),
        municipality=school.municipality,
        school=school,
        preferred_time="после 18:00",
    )
    InternalNote.objects.create(request=old, author_name="Анна", text="Мама просила не звонить утром")
    old.history.create(to_status=Status.CLOSED, note="Обсудили с мамой Петей трудности")
    return {
        "old": old,
        "recent": parents.consultation(status=Status.CLOSED, created_at=days_ago(120), closed_at=days_ago(100)),
        "open_old": parents.consultation(status=Status.ASSIGNED, created_at=days_ago(500)),
        "answered_old": parents.consultation(status=Status.ANSWERED, created_at=days_ago(500)),
    }


def run(*args):
    out = io.StringIO()
    call_command("purge_consultations", *args, stdout=out)
    return out.getvalue()


def test_closed_requests_past_the_period_are_anonymised_and_nothing_else(requests, caplog):
    period = timezone.localdate() - datetime.timedelta(days=500)
    before = figures.compute(period, timezone.localdate())

    with caplog.at_level(logging.INFO, logger="parents.retention"):
        output = run()

    old = requests["old"]
    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert (old.name, old.email, str(old.phone or ""), old.question, old.answer) == (ERASED_NAME, "", "", "", "")
    assert (old.school, old.preferred_time) == (None, "")
    assert old.municipality is not None and old.topic is not None  # what the figures need stays
    assert not old.notes.exists()
    assert "Петей" not in " ".join(old.history.values_list("note", flat=True))
    assert old.history.last().note == "Персональные данные удалены: истёк срок хранения"

    for key in ("recent", "open_old", "answered_old"):
        requests[key].refresh_from_db()
        assert requests[key].anonymised_at is None and requests[key].name == "Мария", key

    assert old.reference in output and "Обезличены обращения, закрытые до" in output
    assert ": 1." in output
    assert old.reference in caplog.text
    assert figures.compute(period, timezone.localdate()) == before


def test_a_dry_run_only_lists_what_would_go(requests):
    output = run("--dry-run")
    requests["old"].refresh_from_db()
    assert requests["old"].anonymised_at is None
    assert requests["old"].reference in output
    assert "Проверка: ничего не изменено." in output


def test_the_period_is_configurable(requests, settings):
    assert requests["recent"].reference in run("--days", "30")
    requests["recent"].refresh_from_db()
    assert requests["recent"].anonymised_at is not None

    settings.CONSULTATION_RETENTION_DAYS = 10
    closed_yesterday = parents.consultation(status=Status.CLOSED, closed_at=days_ago(11))
    run()
    closed_yesterday.refresh_from_db()
    assert closed_yesterday.anonymised_at is not None


def test_a_second_run_finds_nothing_more(requests):
    run()
    assert ": 0." in run()


def test_a_negative_period_is_refused(requests):
    with pytest.raises(CommandError, match="не может быть отрицательным"):
        run("--days", "-1")


def test_the_municipality_survives_for_the_figures(requests):
    municipality = MunicipalityFactory(name="Заречный район")
    kept = parents.consultation(
        status=Status.CLOSED, created_at=days_ago(800), closed_at=days_ago(700), municipality=municipality
    )
    run()
    kept.refresh_from_db()
    assert kept.anonymised_at is not None and kept.municipality == municipality
