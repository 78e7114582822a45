import datetime
import json
import re

import pytest

from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Revision

from analytics.models import ComputationRun, SchoolYearResult
from analytics.standing import RESILIENT, STRONG
from tests.factories import library


def test_practice_page_renders_its_structured_card(client, practice):
    response = client.get(practice.url)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ["Контекст", "Проблема", "Шаги внедрения", "Необходимые ресурсы", "Результаты", "Контакты"]:
        assert heading in html
    assert "Как повторить в своей школе" in html
    assert "Подбор пар наставник — молодой учитель" in html
    for risk in practice.risks.all():
        assert risk.name in html
    assert "24%" in html and "11%" in html
    assert practice.practice_type.name in html
    assert "mailto:mentor@school7.example.ru" in html


def test_practice_page_names_its_registry_school(client, practice):
    html = client.get(practice.url).content.decode()
    assert f"{practice.school.name}, {practice.school.municipality}" in html


def computed(school, *, quality_group, resilient=False, status=ComputationRun.Status.SUCCESS):
    """A computation run that placed ``school`` in ``quality_group`` (METHODOLOGY.md section 3)."""
    run = ComputationRun.objects.create(
        started_at=timezone.now(), status=status, input_fingerprint="0" * 64, engine_version="test", years=[2025]
    )
    return SchoolYearResult.objects.create(
        run=run, school=school, year=2025, quality_group=quality_group, resilient=resilient
    )


def standing_badge(html):
    found = re.search(r'<span class="badge standing">([^<]*)</span>', html)
    return found.group(1) if found else None


@pytest.mark.parametrize(
    ("quality_group", "resilient", "phrase"),
    [(3, True, RESILIENT), (9, False, STRONG), (5, False, None)],
    ids=["resilient", "strong", "middle-group-says-nothing"],
)
def test_practice_page_shows_the_schools_standing_from_the_latest_run(
    client, practice, quality_group, resilient, phrase
):
    computed(practice.school, quality_group=quality_group, resilient=resilient)
    assert standing_badge(client.get(practice.url).content.decode()) == phrase


def test_practice_page_says_nothing_of_standing_without_a_successful_run(client, practice):
    assert standing_badge(client.get(practice.url).content.decode()) is None
    computed(practice.school, quality_group=10, resilient=True, status=ComputationRun.Status.FAILED)
    assert standing_badge(client.get(practice.url).content.decode()) is None


def test_practice_page_without_a_school_has_no_school_line(client, practice_index):
    practice = library.make_practice("Практика без школы")
    html = client.get(practice.url).content.decode()
    assert "<dt>Школа</dt>" not in html
    assert standing_badge(html) is None


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


def test_material_page_links_only_published_related_practices(client, material, practice):
    draft = library.make_practice("Черновик практики", publish_now=False)
    material.related_practices = [practice, draft]
    material.save_revision().publish()
    html = client.get(material.url).content.decode()
    assert practice.title in html
    assert draft.title not in html


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
    assert [item["encodingFormat"] for item in data["encoding"]] == ["docx", "docx"]
    assert data["educationalAlignment"]["targetName"] == "5 класс, 6 класс"


def test_material_updated_on_is_the_date_of_the_live_revision_not_of_a_later_draft(material):
    long_ago = timezone.make_aware(datetime.datetime(2024, 2, 1, 12, 0))
    Revision.objects.filter(pk=material.live_revision_id).update(created_at=long_ago)
    material.title = "Рабочие листы по математике: дроби (правка)"
    material.save_revision()
    material.refresh_from_db()
    assert material.has_unpublished_changes
    assert material.updated_on == datetime.date(2024, 2, 1)


def test_collection_page_lists_only_published_items(client, material, practice):
    draft = library.make_material("Черновик материала", publish_now=False)
    collection = library.make_collection("Первые шаги", [material, practice, draft])
    html = client.get(collection.url).content.decode()
    assert material.title in html
    assert practice.title in html
    assert draft.title not in html


def test_home_page_shows_the_newest_published_practices_and_materials(client, home, material_index, practice_index):
    html = client.get("/").content.decode()
    assert "Опубликованных практик и материалов пока нет" in html
    older = library.make_practice("Старая практика", first_published_at=timezone.now() - datetime.timedelta(days=30))
    newer = library.make_material("Новый материал", first_published_at=timezone.now())
    draft = library.make_material("Черновик на главной", publish_now=False)
    html = client.get("/").content.decode()
    assert "Опубликованных практик и материалов пока нет" not in html
    assert html.index(newer.title) < html.index(older.title)
    assert draft.title not in html


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
    assert document["facets"]["subject"] == [("mathematics", "Математика")]
    assert document["facets"]["level"] == [("ooo", "Основное общее образование")]
    assert document["facets"]["year"] == [("2025", "2025")]
    assert all(isinstance(doc, get_document_model()) for doc in document["attachments"])
    assert {doc.pk for doc in document["attachments"]} == {row.document_id for row in material.files.all()}
    assert isinstance(document["date"], datetime.date)
    assert document["downloads"] == 0


def test_practice_bank_document_includes_its_structured_fields(practice):
    document = practice.bank_document()
    assert document["type"] == "practice"
    assert document["type_label"] == "Лучшая практика"
    assert "Подбор пар наставник — молодой учитель" in document["text"]
    assert "Доля «двоек» по ВПР" in document["text"]
    assert practice.school.name in document["text"]
    assert {code for code, _ in document["facets"]["risk"]} == {"no_school_pd", "low_motivation"}
    assert [slug for slug, _ in document["facets"]["level"]] == ["noo"]


def test_collection_bank_document_gathers_its_items_facets(material, practice):
    collection = library.make_collection("Первые шаги", [material, practice], summary="Для молодых учителей.")
    document = collection.bank_document()
    assert document["type"] == "collection"
    assert document["type_label"] == "Подборка"
    assert {slug for slug, _ in document["facets"]["subject"]} == {"mathematics", "russian"}
    assert {slug for slug, _ in document["facets"]["level"]} == {"noo", "ooo"}
    assert material.title in document["text"] and practice.title in document["text"]
