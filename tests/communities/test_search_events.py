"""Events in the resource bank and in the site search; drafts and private events in neither."""

import pytest

from communities.models import EventPage
from search.models import BankPage
from tests.factories import communities as f
from tests.factories import pages


@pytest.fixture
def bank(home, settings):
    settings.ELASTICSEARCH_URL = ""
    return pages.section(BankPage, "bank", title="Банк ресурсов")


def bank_json(client, bank, **params):
    response = client.get(bank.url, {"format": "json", **params})
    assert response.status_code == 200
    return response.json()


def test_a_published_event_is_in_the_bank_with_its_type_subject_audience_and_year(bank, calendar, client):
    event = f.make_event(
        calendar,
        title="Семинар по математической грамотности",
        start=f.at(10),
        subjects=["mathematics"],
        audiences=["teachers"],
        description="<p>Задачи с практическим содержанием на уроках математики.</p>",
    )

    found = bank_json(client, bank, q="математике")

    assert [result["url"] for result in found["results"]] == [event.url]
    assert found["results"][0]["type"] == "event"
    facets = {name: {item["value"]: item for item in items} for name, items in found["facets"].items()}
    assert facets["type"]["event"]["label"] == "Мероприятие"
    assert facets["subject"]["mathematics"]["count"] == 1
    assert facets["audience"]["teachers"]["count"] == 1
    assert str(event.first_day().year) in facets["year"]


def test_the_type_facet_narrows_the_bank_to_events(bank, calendar, client):
    from tests.factories import library

    library.make_material("Задачник по математике", description="<p>Задачи по математике.</p>")
    f.make_event(calendar, title="Вебинар по математике", start=f.at(3))

    events_only = bank_json(client, bank, q="математика", type="event")

    assert [result["title"] for result in events_only["results"]] == ["Вебинар по математике"]
    html = client.get(bank.url, {"q": "математика"}).content.decode()
    assert "Мероприятие" in html and "Вебинар по математике" in html


def test_drafts_private_and_unpublished_events_are_not_in_the_bank(bank, calendar, client):
    f.make_event(calendar, title="Черновик вебинара по химии", start=f.at(3), publish_now=False)
    private = f.make_event(calendar, title="Закрытый вебинар по химии", start=f.at(3))
    f.restrict(private)
    withdrawn = f.make_event(calendar, title="Снятый вебинар по химии", start=f.at(3))
    withdrawn.unpublish()
    f.make_event(calendar, title="Открытый вебинар по химии", start=f.at(3))

    found = bank_json(client, bank, q="химии")

    assert [result["title"] for result in found["results"]] == ["Открытый вебинар по химии"]


def test_an_event_is_found_by_site_search_with_its_own_result_line(calendar, client):
    f.make_event(
        calendar,
        title="Круглый стол о наставничестве",
        start=f.at(12),
        kind=EventPage.Kind.ROUND_TABLE,
        summary="Опыт наставничества молодых учителей.",
    )
    f.restrict(f.make_event(calendar, title="Закрытый круглый стол о наставничестве", start=f.at(12)))
    f.make_event(calendar, title="Черновик о наставничестве", start=f.at(12), publish_now=False)

    html = client.get("/search/", {"query": "наставничестве"}).content.decode()

    assert "Круглый стол о наставничестве" in html
    assert "Круглый стол ·" in html
    assert "Закрытый круглый стол" not in html and "Черновик о наставничестве" not in html


def test_speakers_are_searchable(calendar, client):
    f.make_event(calendar, title="Мастер-класс", start=f.at(12), speakers=["Колесникова Варвара Игнатьевна"])

    html = client.get("/search/", {"query": "Колесникова"}).content.decode()

    assert "Мастер-класс" in html
