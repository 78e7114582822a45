"""Figures programme monitoring takes from the communities app (communities.queries)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from communities import queries
from communities.models import EventPage, Registration, SchoolMembership
from tests.factories import communities as f
from tests.factories.registry import MunicipalityFactory, SchoolFactory


def day(month, dd, hour=10):
    return datetime.datetime(2025, month, dd, hour, tzinfo=f.MOSCOW)


def test_events_held_per_school_municipality_and_year(calendar):
    district = MunicipalityFactory(name="Западный район")
    host = SchoolFactory(name="Опорная школа", municipality=district)
    other_district = MunicipalityFactory(name="Восточный район")
    held = f.make_event(
        calendar,
        title="Стажировка",
        start=day(4, 10, 9),
        end=day(4, 10, 15),
        host_school=host,
        hours=6,
        counts_as_experience_exchange=True,
    )
    f.make_event(calendar, title="Семинар", start=day(4, 15), host_school=host, hours=2, municipality=other_district)
    f.make_event(
        calendar, title="Отменённый", start=day(4, 20), host_school=host, hours=4, status=EventPage.Status.CANCELLED
    )
    f.make_event(calendar, title="Будущий", start=f.at(10), host_school=host, hours=4)
    f.make_event(calendar, title="Черновик", start=day(4, 25), host_school=host, publish_now=False)
    occurrence = held.occurrences.get()
    f.make_registration(occurrence, "a@example.ru")
    f.make_registration(occurrence, "b@example.ru")
    f.make_registration(occurrence, "c@example.ru")
    Registration.objects.filter(email="a@example.ru").update(attended=True)
    Registration.objects.filter(email="b@example.ru").update(attended=False)

    figures = queries.events_held()

    assert figures["schools"][(host.pk, 2025)] == {
        "events": 2,
        "hours": Decimal(8),
        "experience_exchange": 1,
        "four_hour_events": 1,
        "attended": 1,
    }
    assert figures["municipalities"][(district.pk, 2025)]["events"] == 1
    assert figures["municipalities"][(other_district.pk, 2025)]["events"] == 1
    assert figures["region"][2025]["events"] == 2


def test_events_held_in_one_year_only(calendar):
    f.make_event(calendar, title="Семинар", start=datetime.datetime(2025, 5, 20, 10, tzinfo=f.MOSCOW), hours=3)

    assert queries.events_held(2025)["region"][2025]["events"] == 1
    assert queries.events_held(2024)["region"] == {}


def test_community_participation_per_school(community_index):
    school = SchoolFactory(name="Школа-участник")
    f.make_community(community_index, title="ММО математиков", schools=[(school, 5)])
    f.make_community(
        community_index, title="Сетевое сообщество", schools=[(school, 3)], members=[("Петров П. П.", school)]
    )
    f.make_community(community_index, title="Черновик", schools=[(school, 10)], publish_now=False)
    former = f.make_community(community_index, title="Бывшее", schools=[])
    SchoolMembership.objects.create(
        community=former, school=school, teachers=20, left_on=timezone.localdate() - datetime.timedelta(days=1)
    )

    participation = queries.community_participation()

    assert participation[school.pk] == {"communities": 2, "teachers": 5, "teacher_places": 8, "known_members": 1}
