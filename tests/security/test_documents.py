"""Who gets a document: every route that serves one, and the bank that quotes its text.

A document is served to whoever may see a live page that uses it (and to the editors who
manage documents), within Wagtail's collection privacy; the bank indexes the text of a file
only when anyone could download it. Issue 10, item 4; and item 12: the bank's JSON says
when it answered from the database because Elasticsearch was down.
"""

import pytest

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from base.roles import EXPERTS, METHODISTS, REGIONAL_ANALYSTS
from home.models import ContentPage
from practices.models import FileDownloadCount, MaterialFile
from search.contract import FALLBACK_NOTICE
from search.models import BankPage
from tests.factories import library, pages, users

pytestmark = pytest.mark.django_db


def private_collection(restriction_type=CollectionViewRestriction.LOGIN, **fields):
    collection = Collection.get_first_root_node().add_child(name="Для сотрудников")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=restriction_type, **fields)
    return collection


def in_collection(document, collection):
    document.collection = collection
    document.save()
    return document


def counted_url(page, document):
    return f"{page.url}files/{document.pk}/"


def served(response):
    """The file itself went out (not a login redirect, a password form or a 404)."""
    return response.status_code == 200 and response.has_header("Content-Disposition")


def downloads(page, document):
    counter = FileDownloadCount.objects.filter(page=page, document=document).first()
    return counter.count if counter else 0


@pytest.fixture
def material_index(home):
    return library.material_index()


@pytest.fixture
def visitor(db):
    """A signed-in teacher with no role in the admin."""
    return users.UserFactory(username="teacher")


# The counting download route of the library


def test_the_counting_route_refuses_a_file_of_a_login_only_collection_to_anonymous_visitors(client, material_index):
    document = in_collection(library.make_document("Служебная записка", "memo.docx"), private_collection())
    material = library.make_material("Материал со служебным файлом", files=[document])

    response = client.get(counted_url(material, document))

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not served(response)
    assert downloads(material, document) == 0


def test_the_counting_route_serves_a_login_only_file_to_a_signed_in_visitor(client, material_index, visitor):
    document = in_collection(library.make_document("Служебная записка", "memo.docx"), private_collection())
    material = library.make_material("Материал со служебным файлом", files=[document])
    client.force_login(visitor)

    assert served(client.get(counted_url(material, document)))
    assert downloads(material, document) == 1


def test_the_counting_route_asks_for_the_password_of_a_password_collection(client, material_index):
    collection = private_collection(CollectionViewRestriction.PASSWORD, password="секрет")
    document = in_collection(library.make_document("Ключи к тесту", "keys.docx"), collection)
    material = library.make_material("Диагностическая работа", files=[document])

    response = client.get(counted_url(material, document))

    assert response.status_code == 200 and not served(response)
    assert 'name="password"' in response.content.decode()
    assert downloads(material, document) == 0


def test_wagtails_document_link_keeps_collection_privacy(client, material_index):
    document = in_collection(library.make_document("Служебная записка", "memo.docx"), private_collection())
    library.make_material("Материал со служебным файлом", files=[document])

    assert not served(client.get(document.url))


# Wagtail's /documents/<id>/<name>: only documents of pages a visitor may see


def test_a_document_added_only_in_a_draft_of_a_live_page_is_not_public(client, material_index):
    material = library.make_material("Рабочие листы", files=[library.make_document("Листы", "sheets.docx")])
    added = library.make_document("Новая версия с ответами", "answers.docx")
    material.files.add(MaterialFile(document=added))
    material.save_revision()  # the editor's draft: visitors still see the published files

    assert client.get(added.url).status_code == 404
    assert served(client.get(material.files.first().document.url))


def test_a_document_used_by_no_page_is_not_public(client, home):
    uploaded = library.make_document("Загружен и забыт", "forgotten.docx")
    assert client.get(uploaded.url).status_code == 404


def test_a_document_linked_from_a_live_content_page_is_public_until_it_is_unpublished(client, home):
    document = library.make_document("Положение о программе", "statute.docx")
    page = pages.add_page(
        home, ContentPage, title="О программе", slug="about", body=[("document", {"document": document, "title": ""})]
    )
    assert served(client.get(document.url))

    page.unpublish()
    assert client.get(document.url).status_code == 404


def test_a_document_of_a_login_only_page_is_served_to_those_who_may_see_the_page(client, home, visitor):
    document = library.make_document("План для сотрудников", "staff-plan.docx")
    page = pages.add_page(
        home, ContentPage, title="Сотрудникам", slug="staff", body=[("document", {"document": document, "title": ""})]
    )
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(document.url).status_code == 404
    client.force_login(visitor)
    assert served(client.get(document.url))


@pytest.mark.parametrize("role", [METHODISTS, EXPERTS])
def test_editors_with_document_permissions_open_a_draft_file(client, material_index, role):
    draft = library.make_material(
        "Черновик", publish_now=False, files=[library.make_document("Черновой файл", "draft.docx")]
    )
    client.force_login(users.user_in(role, username="editor"))
    assert served(client.get(draft.files.first().document.url))


def test_admin_access_without_document_permissions_does_not_open_a_draft_file(client, material_index):
    draft = library.make_material(
        "Черновик", publish_now=False, files=[library.make_document("Черновой файл", "draft.docx")]
    )
    client.force_login(users.user_in(REGIONAL_ANALYSTS, username="analyst"))
    assert client.get(draft.files.first().document.url).status_code == 404


def test_a_superuser_opens_an_unused_document(client, home):
    uploaded = library.make_document("Загружен и забыт", "forgotten.docx")
    client.force_login(users.superuser(username="root"))
    assert served(client.get(uploaded.url))


# The bank indexes only what anyone could download


@pytest.fixture
def bank_url(home):
    return pages.section(BankPage, "bank", title="Банк ресурсов").url


def bank_titles(client, bank_url, query, **params):
    payload = client.get(bank_url, {"q": query, "format": "json", **params}).json()
    return [result["title"] for result in payload["results"]]


def test_the_text_of_a_private_collections_file_is_not_indexed(client, material_index, bank_url):
    hidden = in_collection(
        library.make_document("Служебная записка", "memo.docx", "Тарабарская ведомость оценок"), private_collection()
    )
    public = library.make_document("Листы", "sheets.docx", "Кукуевские рабочие листы")
    library.make_material("Материал с двумя файлами", files=[hidden, public])

    assert bank_titles(client, bank_url, "кукуевские листы") == ["Материал с двумя файлами"]
    assert bank_titles(client, bank_url, "тарабарская ведомость") == []


def test_the_text_of_a_file_in_a_public_subcollection_of_a_private_one_is_not_indexed(client, material_index, bank_url):
    nested = private_collection().add_child(name="Вложенная")
    hidden = in_collection(library.make_document("Ведомость", "nested.docx", "Тарабарская ведомость"), nested)
    library.make_material("Материал с вложенным файлом", files=[hidden])

    assert bank_titles(client, bank_url, "тарабарская ведомость") == []


# The bank's JSON says when it is degraded


def test_the_bank_json_is_not_degraded_on_its_normal_backend(client, settings, material_index, bank_url):
    settings.ELASTICSEARCH_URL = ""
    library.make_material("Кукуевская методичка")
    payload = client.get(bank_url, {"q": "кукуевская", "format": "json"}).json()
    assert payload["degraded"] is False
    assert "notice" not in payload


def test_the_bank_json_says_it_fell_back_to_the_database_when_elasticsearch_is_down(
    client, settings, material_index, bank_url
):
    library.make_material("Кукуевская методичка")
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"

    payload = client.get(bank_url, {"q": "кукуевская", "format": "json"}).json()

    assert payload["degraded"] is True
    assert payload["notice"] == FALLBACK_NOTICE
    assert [result["title"] for result in payload["results"]] == ["Кукуевская методичка"]
