"""Publishing, unpublishing, deleting, moving and restricting pages keep the bank's index true."""

import io

import pytest

from django.core.management import call_command

from wagtail.models import PageViewRestriction

from search.models import BankEntry
from tests.factories.library import make_document

pytestmark = pytest.mark.django_db


def found(search_json, query):
    return [result["title"] for result in search_json(query)["results"]]


def test_a_published_page_is_found_and_its_draft_changes_are_not(make_material, search_json):
    page = make_material("Ольховатская методичка", "Рекомендации по ольховатскому опыту")
    assert found(search_json, "ольховатская методичка") == [page.title]

    page.title = "Ольховатская черновая правка"
    page.save_revision()  # a draft of a live page: visitors still see the published version
    assert found(search_json, "черновая правка") == []
    assert found(search_json, "ольховатская методичка") == ["Ольховатская методичка"]


def test_a_draft_never_appears_in_results_or_facet_counts(make_material, search_json):
    make_material("Ольховатский черновик", "Секретный ольховатский текст", year=1999, publish=False)
    payload = search_json("ольховатский")
    assert payload["total"] == 0
    everything = search_json("")
    assert all(item["value"] != "1999" for item in everything["facets"]["year"])


def test_unpublishing_removes_the_page(make_material, search_json):
    page = make_material("Ольховатский план", "ольховатский")
    assert found(search_json, "ольховатский план")
    page.unpublish()
    assert found(search_json, "ольховатский план") == []


def test_deleting_removes_the_page_and_its_facet_counts(make_material, search_json):
    page = make_material("Ольховатская анкета", "ольховатский", year=1997)
    assert {"value": "1997", "label": "1997", "count": 1} in search_json("")["facets"]["year"]
    page.delete()
    assert found(search_json, "ольховатская анкета") == []
    assert not BankEntry.objects.filter(title="Ольховатская анкета").exists()
    # The bank's stored counts (what it shows before anything is typed) lost it too.
    assert all(item["value"] != "1997" for item in search_json("")["facets"]["year"])


def test_moving_updates_the_url_and_a_restricted_destination_hides_the_page(make_material, sections, search_json):
    page = make_material("Ольховатская карта", "ольховатский")
    page.move(sections["practices"], pos="last-child")
    results = search_json("ольховатская карта")["results"]
    assert results[0]["url"].startswith(sections["practices"].url)

    PageViewRestriction.objects.create(page=sections["materials"], restriction_type="password", password="x")
    page.refresh_from_db()
    sections["materials"].refresh_from_db()  # treebeard trusts numchild on the instance: the page has left it
    page.move(sections["materials"], pos="last-child")
    assert found(search_json, "ольховатская карта") == []


def test_privacy_restriction_hides_the_subtree_and_lifting_it_brings_it_back(make_material, sections, search_json):
    make_material("Ольховатский конспект", "ольховатский", year=1998)
    restriction = PageViewRestriction.objects.create(page=sections["materials"], restriction_type="login")
    assert found(search_json, "ольховатский конспект") == []
    assert all(item["value"] != "1998" for item in search_json("")["facets"]["year"])

    restriction.delete()
    assert found(search_json, "ольховатский конспект") == ["Ольховатский конспект"]


def test_rebuild_command_indexes_live_public_pages_only(make_material, search_json):
    make_material("Ольховатский опубликованный", "ольховатский")
    make_material("Ольховатский неопубликованный", "ольховатский", publish=False)
    BankEntry.objects.all().delete()
    call_command("rebuild_bank_index", verbosity=0)
    assert found(search_json, "ольховатский") == ["Ольховатский опубликованный"]


def test_rebuild_command_keeps_the_database_index_when_elasticsearch_is_down(settings, make_material, search_json):
    make_material("Ольховатский справочник", "ольховатский")
    BankEntry.objects.all().delete()
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("rebuild_bank_index", stdout=stdout, stderr=stderr)
    assert "ресурсов — 1" in stdout.getvalue()
    assert "Elasticsearch недоступен (ConnectionError)" in stderr.getvalue()
    assert found(search_json, "ольховатский справочник") == ["Ольховатский справочник"]


def test_text_inside_attached_pdf_and_docx_is_found(make_material, search_json):
    pdf = make_document("Положение", "polozhenie.pdf", "Положение о ольховатском наставничестве учителей")
    docx = make_document("Анкета", "anketa.docx", "Анкета для ольховатских родителей пятиклассников")
    make_material("Пакет документов", "Документы во вложениях.", files=[pdf, docx])
    assert found(search_json, "ольховатское наставничество") == ["Пакет документов"]
    assert found(search_json, "ольховатский пятиклассник") == ["Пакет документов"]


def test_a_broken_attachment_does_not_stop_publishing(make_material, search_json):
    broken = make_document("Битый файл", "broken.pdf", content=b"%PDF-1.4 this is not really a pdf")
    also_broken = make_document("Битый docx", "broken.docx", content=b"PK not a zip")
    make_material("Ольховатский сборник", "ольховатский", files=[broken, also_broken])
    assert found(search_json, "ольховатский сборник") == ["Ольховатский сборник"]
