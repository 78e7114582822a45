import datetime
import json
import re

from wagtail.documents import get_document_model

from practices import standing
from practices.models import CollectionPage, MaterialPage, PracticePage


def test_practice_page_renders_its_structured_card(client, practice):
    response = client.get(practice.url)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ["Контекст", "Проблема", "Шаги внедрения", "Необходимые ресурсы", "Результаты", "Контакты"]:
        assert heading in html
    assert "Как повторить в своей школе" in html
    for risk in practice.risks.all():
        assert risk.name in html
    first_result = practice.results[0].value
    assert first_result["before"] in html and first_result["after"] in html
    assert practice.practice_type.name in html


def test_practice_page_names_its_registry_school_and_its_standing(client, practice):
    assert practice.school is not None, "link_schools attaches demo practices to registry schools"
    html = client.get(practice.url).content.decode()
    assert practice.school.name in html
    if practice.school_standing:
        assert practice.school_standing in html


def test_material_page_renders_files_description_and_license(client, material):
    response = client.get(material.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert material.title in html
    assert material.author in html
    assert "Условия использования" in html
    assert material.get_license_display() in html
    for row in material.files.all():
        assert f"{material.url}files/{row.document_id}/" in html
    assert "Обновлено" in html


def test_material_page_carries_schema_org_learning_resource_markup(client, material):
    html = client.get(material.url).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert script, "JSON-LD script missing"
    data = json.loads(script.group(1))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "LearningResource"
    assert data["name"] == material.title
    assert data["inLanguage"] == "ru"
    assert data["learningResourceType"] == material.material_type.name
    assert data["author"]["name"] == material.author
    assert data["encoding"]


def test_material_updated_on_comes_from_the_live_revision(material):
    assert material.updated_on == material.live_revision.created_at.date()


def test_collection_page_lists_only_published_items(client, demo_site):
    collection = CollectionPage.objects.live().first()
    items = collection.visible_items()
    assert items
    draft = MaterialPage.objects.filter(live=False).first()
    collection.items.create(page=draft, sort_order=99)
    html = client.get(collection.url).content.decode()
    for item in items:
        assert item.resource.title in html
    assert draft.title not in html


def test_home_page_shows_the_newest_practices_and_materials(client, demo_site):
    newest = MaterialPage.objects.live().public().order_by("-first_published_at").first()
    newest_practice = PracticePage.objects.live().public().order_by("-first_published_at").first()
    html = client.get("/").content.decode()
    first_date = max(newest.first_published_at, newest_practice.first_published_at)
    winner = newest if newest.first_published_at == first_date else newest_practice
    assert winner.title in html
    assert "скоро появятся" not in html


def test_material_bank_document_holds_text_facets_and_files(material):
    document = material.bank_document()
    assert document["title"] == material.title
    assert document["type"] == "material"
    assert document["type_label"] == "Методический материал"
    assert document["summary"] == material.summary
    assert material.author in document["text"]
    assert "Материал содержит" in document["text"]  # description, from rich text to plain text
    assert "<p>" not in document["text"]
    assert set(document["facets"]) == {"type", "subject", "level", "audience", "risk", "year"}
    assert document["facets"]["type"] == [("material", "Методический материал")]
    assert document["facets"]["subject"] == [(s.slug, s.name) for s in material.subjects.all()]
    assert document["facets"]["year"] == [(str(material.year), str(material.year))]
    assert all(isinstance(doc, get_document_model()) for doc in document["attachments"])
    assert {doc.pk for doc in document["attachments"]} == {row.document_id for row in material.files.all()}
    assert isinstance(document["date"], datetime.date)
    assert document["downloads"] == material.download_total


def test_practice_bank_document_includes_its_structured_fields(practice):
    document = practice.bank_document()
    assert document["type"] == "practice"
    assert document["type_label"] == "Лучшая практика"
    assert practice.steps[0].value["title"] in document["text"]
    assert practice.results[0].value["indicator"] in document["text"]
    assert {code for code, _ in document["facets"]["risk"]} == {r.code for r in practice.risks.all()}
    assert {slug for slug, _ in document["facets"]["level"]} == {level.slug for level in practice.levels.all()}


def test_collection_bank_document_gathers_its_items_facets(demo_site):
    collection = CollectionPage.objects.live().get(slug="collection-mathematics")
    document = collection.bank_document()
    assert document["type"] == "collection"
    assert document["type_label"] == "Подборка"
    assert ("mathematics", "Математика") in document["facets"]["subject"]
    assert all(resource.title in document["text"] for resource in collection.resources())


def test_some_demo_files_contain_the_word_mathematics_in_their_text(demo_site):
    from pypdf import PdfReader

    material = MaterialPage.objects.live().filter(subjects__slug="mathematics").first()
    row = material.files.filter(document__file__endswith=".pdf").first()
    with row.document.file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(handle).pages)
    assert "математике" in text


def test_school_standing_says_nothing_without_a_computation(practice, monkeypatch):
    import analytics.models

    monkeypatch.delattr(analytics.models, "latest_school_standing", raising=False)
    assert standing.school_standing(practice.school) is None
    assert standing.school_standing(None) is None


def test_school_standing_uses_group_words_only(practice, monkeypatch):
    import analytics.models

    monkeypatch.setattr(
        analytics.models,
        "latest_school_standing",
        lambda school: {"resilient": True, "quality_group": "low"},
        raising=False,
    )
    assert standing.school_standing(object()) == standing.RESILIENT
    monkeypatch.setattr(
        analytics.models,
        "latest_school_standing",
        lambda school: {"resilient": False, "quality_group": "high"},
        raising=False,
    )
    assert standing.school_standing(object()) == standing.STRONG
