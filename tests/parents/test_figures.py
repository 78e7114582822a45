"""The service's figures: per month, topic and municipality, the median time to answer and
the overdue count; seen by supervisors only, exportable, calm about odd input."""

import datetime

import pytest

from django.utils import timezone

from parents import figures
from parents.choices import Status
from parents.models import ConsultationTopic
from tests.factories import parents
from tests.factories.registry import MunicipalityFactory

pytestmark = pytest.mark.django_db

URL = "/admin/parents/figures/"


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def history(home):
    parents.service()
    north = MunicipalityFactory(name="Северный район")
    exams = parents.topic("Подготовка к экзаменам")
    made = [
        # answered after 2, 4 and 10 days
        parents.consultation(
            created_at=at(2026, 1, 10), status=Status.ANSWERED, answered_at=at(2026, 1, 12), municipality=north
        ),
        parents.consultation(
            created_at=at(2026, 1, 20), status=Status.CLOSED, answered_at=at(2026, 1, 24), topic=exams
        ),
        parents.consultation(
            created_at=at(2026, 3, 5), status=Status.CLOSED, answered_at=at(2026, 3, 15), municipality=north
        ),
        # open and long overdue
        parents.consultation(created_at=at(2026, 3, 6), status=Status.NEW),
    ]
    return {"north": north, "exams": exams, "requests": made}


def test_the_figures_count_by_month_topic_and_municipality(history):
    result = figures.compute(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))

    assert result.total == 4
    assert result.by_month == [("январь 2026", 2), ("февраль 2026", 0), ("март 2026", 2)]
    assert dict(result.by_topic) == {"Трудности в обучении": 3, "Подготовка к экзаменам": 1}
    assert dict(result.by_municipality) == {"Северный район": 2, "Не указан": 2}
    assert dict(result.by_status)["Новое"] == 1
    assert result.answered == 3
    assert result.median_days_to_answer == 4.0
    assert result.overdue_now == 1 and result.open_now == 1


def test_the_period_narrows_the_counts_but_not_what_is_late_now(history):
    result = figures.compute(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert result.total == 2
    assert result.median_days_to_answer == 10.0
    assert result.overdue_now == 1


def test_an_empty_period_has_no_median(history):
    result = figures.compute(datetime.date(2020, 1, 1), datetime.date(2020, 2, 1))
    assert result.total == 0 and result.median_days_to_answer is None


def test_only_supervisors_see_the_figures(history, client):
    client.force_login(parents.consultant())
    refused = client.get(URL)
    # The Wagtail admin answers a refusal by sending the user to its home page with a message.
    assert refused.status_code in (302, 403)
    assert "figure-total" not in refused.content.decode()

    client.force_login(parents.supervisor())
    response = client.get(URL, {"start": "2026-01-01", "end": "2026-03-31"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="figure-total">4<' in body
    assert "Северный район" in body and "4.0 дн." in body.replace(",", ".")


def test_the_figures_export_to_csv(history, client):
    client.force_login(parents.supervisor())
    response = client.get(URL, {"start": "2026-01-01", "end": "2026-03-31", "format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Итого;Обращений за период;4" in text
    assert "По темам;Подготовка к экзаменам;1" in text


def test_a_topic_name_that_looks_like_a_formula_is_exported_as_text(history, client):
    parents.consultation(created_at=at(2026, 2, 2), topic=ConsultationTopic.objects.create(name="=CMD()"))
    client.force_login(parents.supervisor())
    text = client.get(URL, {"start": "2026-01-01", "end": "2026-03-31", "format": "csv"}).content.decode("utf-8-sig")
    assert "По темам;'=CMD();1" in text


@pytest.mark.parametrize(
    "query",
    [{"start": "вчера"}, {"start": "2026-05-01", "end": "2026-01-01"}, {"start": "0001-01-01"}, {"end": "\x00"}],
)
def test_odd_periods_are_answered_not_crashed(history, client, query):
    client.force_login(parents.supervisor())
    assert client.get(URL, query).status_code == 200
