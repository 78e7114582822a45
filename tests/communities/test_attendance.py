"""Staff's side of registrations: the admin list and its CSV/XLSX export, attendance marking per
occurrence, a staff cancellation, who may do it, and the figures programme monitoring reads."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from django.urls import reverse
from django.utils import timezone

from base.models import OutgoingEmail
from base.roles import EXPERTS, METHODISTS
from communities.attendance import occurrence_figures, organisation_attendance, school_attendance
from communities.models import EventPage, Registration
from tests.factories import communities as f
from tests.factories.registry import SchoolFactory
from tests.factories.users import UserFactory, user_in

pytestmark = pytest.mark.django_db

INDEX = "/admin/communities/registrations/"


@pytest.fixture
def methodist(client):
    user = user_in(METHODISTS)
    client.force_login(user)
    return user


def past_event(calendar, days_ago=1, **fields):
    start = timezone.now() - datetime.timedelta(days=days_ago)
    return f.make_event(calendar, start=start, end=start + datetime.timedelta(hours=2), **fields)


# --- the list and its export ---------------------------------------------------------------------


def test_a_methodist_lists_registrations_filtered_by_event(client, calendar, methodist):
    seminar = f.make_event(calendar, title="Семинар по чтению")
    webinar = f.make_event(calendar, title="Вебинар по письму")
    f.make_registration(seminar.occurrences.get(), email="reader@example.ru", full_name="Читателева Ольга")
    f.make_registration(webinar.occurrences.get(), email="writer@example.ru", full_name="Писарева Нина")

    body = client.get(INDEX).content.decode()
    assert "Читателева Ольга" in body and "Писарева Нина" in body
    filtered = client.get(INDEX, {"event": seminar.pk})
    assert filtered.status_code == 200
    assert "Читателева Ольга" in filtered.content.decode()
    assert "Писарева Нина" not in filtered.content.decode()
    assert client.get(INDEX, {"status": "waiting"}).content.decode().count("Читателева") == 0


def test_the_csv_export_opens_in_excel_and_writes_formulas_as_text(client, calendar, methodist):
    school = SchoolFactory(name="Лицей № 2", code="L002")
    event = f.make_event(calendar, title="Семинар по чтению", hours=Decimal("4"))
    occurrence = event.occurrences.get()
    f.make_registration(occurrence, email="a@example.ru", full_name='=HYPERLINK("http://evil")', school=school)
    f.make_registration(occurrence, email="b@example.ru", full_name="Петрова Мария", attended=True)

    response = client.get(INDEX, {"event": event.pk, "export": "csv"})
    assert response.status_code == 200
    assert "registrations" in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    header, *data = rows
    assert header[:4] == ["ФИО", "Электронная почта", "Код школы", "Школа или организация"]
    by_email = {row[1]: dict(zip(header, row, strict=True)) for row in data}
    hostile = by_email["a@example.ru"]
    assert hostile["ФИО"] == '\'=HYPERLINK("http://evil")'
    assert hostile["Школа или организация"] == "Лицей № 2" and hostile["Код школы"] == "L002"
    assert hostile["Присутствие"] == "не отмечено"
    assert by_email["b@example.ru"]["Присутствие"] == "да"
    assert by_email["b@example.ru"]["Часов"] == "4.0"
    assert by_email["b@example.ru"]["Редакция согласия"].startswith("1 от 01.09.2025")
    start = timezone.localtime(occurrence.start).strftime("%d.%m.%Y %H:%M")
    assert by_email["b@example.ru"]["Начало занятия"] == start


def test_the_xlsx_export_holds_the_participants_and_their_attendance(client, calendar, methodist):
    event = f.make_event(calendar, title="Семинар по чтению")
    occurrence = event.occurrences.get()
    f.make_registration(occurrence, email="a@example.ru", full_name="@SUM(A1)", attended=False)
    f.make_registration(occurrence, email="b@example.ru", full_name="Петрова Мария", attended=True)

    response = client.get(INDEX, {"occurrence": occurrence.pk, "export": "xlsx"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, *rows = list(workbook.active.values)
    assert header[0] == "ФИО"
    table = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    assert table["a@example.ru"]["ФИО"] == "'@SUM(A1)"
    assert table["a@example.ru"]["Присутствие"] == "нет"
    assert table["b@example.ru"]["Присутствие"] == "да"
    assert table["b@example.ru"]["Начало занятия"] == timezone.localtime(occurrence.start).replace(tzinfo=None)


def test_anonymous_visitors_and_staff_without_the_right_get_nothing(client, calendar):
    event = f.make_event(calendar)
    occurrence = event.occurrences.get()
    registration = f.make_registration(occurrence, full_name="Секретова Анна")
    urls = [
        INDEX,
        INDEX + "?export=csv",
        INDEX + "?export=xlsx",
        reverse("communities_event_registrations", args=[event.pk]),
        reverse("communities_attendance", args=[occurrence.pk]),
        reverse("communities_cancel_registration", args=[registration.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url

    client.force_login(user_in(EXPERTS))  # in the admin, but not a methodist
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if hasattr(response, "content"):
            assert "Секретова" not in response.content.decode()
    response = client.post(
        reverse("communities_attendance", args=[occurrence.pk]), {"shown": [registration.pk], "present": []}
    )
    assert response.status_code in (302, 403)
    client.post(reverse("communities_cancel_registration", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.attended is None and registration.is_active

    client.force_login(UserFactory())  # no admin access at all
    assert client.get(INDEX).status_code == 302


def test_nobody_adds_or_deletes_registrations_in_the_admin(client, calendar):
    from tests.factories.users import superuser

    registration = f.make_registration(f.make_event(calendar).occurrences.get())
    client.force_login(superuser())
    assert client.get(INDEX + "new/").status_code in (302, 403)
    client.post(INDEX + f"delete/{registration.pk}/")
    assert Registration.objects.filter(pk=registration.pk).exists()


# --- attendance ---------------------------------------------------------------------------------


def test_a_methodist_marks_attendance_of_a_past_occurrence(client, calendar, methodist):
    event = past_event(calendar, hours=Decimal("3"))
    occurrence = event.occurrences.get()
    came = f.make_registration(occurrence, email="came@example.ru", full_name="Пришедшая Анна")
    missed = f.make_registration(occurrence, email="missed@example.ru", full_name="Отсутствующий Борис")
    cancelled = f.make_registration(
        occurrence, email="gone@example.ru", full_name="Отменивший Вадим", status=Registration.Status.CANCELLED
    )
    url = reverse("communities_attendance", args=[occurrence.pk])

    page = client.get(url).content.decode()
    assert "Пришедшая Анна" in page and "Отсутствующий Борис" in page
    assert "Отменивший Вадим" not in page
    assert "Сохранить посещаемость" in page

    response = client.post(url, {"shown": [came.pk, missed.pk, cancelled.pk], "present": [came.pk, cancelled.pk]})
    assert response.status_code == 302
    came.refresh_from_db()
    missed.refresh_from_db()
    cancelled.refresh_from_db()
    assert (came.attended, missed.attended, cancelled.attended) == (True, False, None)
    figures = occurrence_figures(occurrence)
    assert (figures.attended, figures.absent, figures.unmarked, figures.cancelled) == (1, 1, 0, 1)
    assert "Посещаемость сохранена" in client.get(url).content.decode()


def test_people_not_shown_when_the_form_was_opened_are_left_alone(client, calendar, methodist):
    occurrence = past_event(calendar).occurrences.get()
    shown = f.make_registration(occurrence, email="shown@example.ru")
    later = f.make_registration(occurrence, email="later@example.ru")
    client.post(reverse("communities_attendance", args=[occurrence.pk]), {"shown": [shown.pk], "present": []})
    shown.refresh_from_db()
    later.refresh_from_db()
    assert shown.attended is False
    assert later.attended is None


def test_attendance_cannot_be_marked_before_the_start_or_for_a_cancelled_occurrence(client, calendar, methodist):
    upcoming = f.make_event(calendar).occurrences.get()
    registration = f.make_registration(upcoming)
    url = reverse("communities_attendance", args=[upcoming.pk])
    assert "ещё не началось" in client.get(url).content.decode()
    response = client.post(url, {"shown": [registration.pk], "present": [registration.pk]})
    assert response.status_code == 409
    registration.refresh_from_db()
    assert registration.attended is None

    cancelled = past_event(calendar, status=EventPage.Status.CANCELLED).occurrences.get()
    other = f.make_registration(cancelled, email="x@example.ru")
    response = client.post(
        reverse("communities_attendance", args=[cancelled.pk]), {"shown": [other.pk], "present": [other.pk]}
    )
    assert response.status_code == 409
    other.refresh_from_db()
    assert other.attended is None


def test_hostile_attendance_posts_change_nothing_and_never_fail(client, calendar, methodist):
    occurrence = past_event(calendar).occurrences.get()
    foreign = f.make_registration(past_event(calendar, title="Другое").occurrences.get(), email="other@example.ru")
    url = reverse("communities_attendance", args=[occurrence.pk])
    for data in (
        {"shown": ["x", "-1", "9" * 30], "present": ["1' OR 1=1"]},
        {"shown": [foreign.pk], "present": [foreign.pk]},
    ):
        assert client.post(url, data).status_code == 302
    foreign.refresh_from_db()
    assert foreign.attended is None
    for missing in (999999, 10**30):
        assert client.get(reverse("communities_attendance", args=[missing])).status_code == 404
        assert client.get(reverse("communities_event_registrations", args=[missing])).status_code == 404
        assert client.get(reverse("communities_cancel_registration", args=[missing])).status_code == 404


def test_the_event_page_of_the_admin_gives_figures_and_ways_to_the_lists(client, calendar, methodist):
    event = f.make_event(calendar, capacity=1, title="Семинар по чтению")
    occurrence = event.occurrences.get()
    f.make_registration(occurrence, email="a@example.ru")
    f.make_registration(occurrence, email="b@example.ru", status=Registration.Status.WAITING)
    body = client.get(reverse("communities_event_registrations", args=[event.pk])).content.decode()
    assert "Семинар по чтению" in body
    assert reverse("communities_attendance", args=[occurrence.pk]) in body
    assert f"occurrence={occurrence.pk}&amp;export=xlsx" in body

    # The page tree leads there: a button on the event in the listing and in its header.
    listing = client.get(reverse("wagtailadmin_explore", args=[calendar.pk])).content.decode()
    assert reverse("communities_event_registrations", args=[event.pk]) in listing
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert reverse("communities_event_registrations", args=[event.pk]) in edit


def test_staff_cancel_a_registration_and_the_seat_goes_to_the_waiting_list(client, calendar, methodist):
    event = f.make_event(calendar, capacity=1)
    occurrence = event.occurrences.get()
    holder = f.make_registration(occurrence, email="holder@example.ru", full_name="Занятая Анна")
    waiting = f.make_registration(occurrence, email="waiting@example.ru", status=Registration.Status.WAITING)
    url = reverse("communities_cancel_registration", args=[holder.pk])
    assert "Занятая Анна" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    assert OutgoingEmail.objects.filter(purpose="communities.promoted", recipients=["waiting@example.ru"]).exists()


# --- the figures for programme monitoring ----------------------------------------------------------


def test_attendance_and_hours_per_school_and_year(calendar):
    school = SchoolFactory()
    other_school = SchoolFactory()
    four_hours = past_event(calendar, days_ago=3, hours=Decimal("4"))
    two_hours = past_event(calendar, days_ago=2, hours=Decimal("2"), title="Короткий")
    cancelled = past_event(
        calendar, days_ago=1, hours=Decimal("8"), title="Отменённый", status=EventPage.Status.CANCELLED
    )
    for event in (four_hours, two_hours, cancelled):
        f.make_registration(event.occurrences.get(), email="Anna@example.ru", school=school, attended=True)
    f.make_registration(four_hours.occurrences.get(), email="boris@example.ru", school=school, attended=True)
    f.make_registration(two_hours.occurrences.get(), email="absent@example.ru", school=school, attended=False)
    f.make_registration(two_hours.occurrences.get(), email="other@example.ru", school=other_school, attended=None)
    f.make_registration(
        two_hours.occurrences.get(), email="free@example.ru", organisation="Детский сад № 7", attended=True
    )

    year = timezone.localtime(four_hours.occurrences.get().start).year
    (row,) = school_attendance(year=year)
    assert row.school_id == school.pk and row.year == year
    assert (row.participants, row.attendances, row.events, row.hours) == (2, 3, 2, Decimal("10"))
    assert school_attendance(year=year - 1) == []
    assert school_attendance(schools=[other_school]) == []
    (free,) = organisation_attendance(year=year)
    assert (free.organisation, free.participants, free.hours) == ("Детский сад № 7", 1, Decimal("2"))


def test_a_methodist_inspects_a_registration_and_corrects_attendance_in_its_form(client, calendar, methodist):
    registration = f.make_registration(past_event(calendar).occurrences.get(), full_name="Иванова Анна")
    inspect = client.get(INDEX + f"inspect/{registration.pk}/")
    assert inspect.status_code == 200
    body = inspect.content.decode()
    assert "Иванова Анна" in body and "1 от 01.09.2025" in body  # the consent edition is on record
    assert client.get(INDEX + f"edit/{registration.pk}/").status_code == 200
    response = client.post(INDEX + f"edit/{registration.pk}/", {"attended": "true"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended is True
    assert registration.full_name == "Иванова Анна" and registration.is_active
