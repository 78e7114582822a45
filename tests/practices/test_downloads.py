import pytest

from wagtail.models import PageViewRestriction

from practices.models import FileDownloadCount
from tests.factories import library


def download_url(page, row):
    return f"{page.url}files/{row.document_id}/"


def count(page, row):
    counter = FileDownloadCount.objects.filter(page=page, document_id=row.document_id).first()
    return counter.count if counter else 0


@pytest.fixture
def draft(material_index, methodist):
    """A material a methodist wrote and has not had published, with its file."""
    return library.make_material(
        "Черновик: диагностическая работа",
        publish_now=False,
        user=methodist,
        files=[library.make_document("Диагностическая работа", "test.docx")],
    )


def test_downloading_a_file_serves_it_and_raises_its_counter(client, material):
    row = material.files.first()
    response = client.get(download_url(material, row))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    body = b"".join(response.streaming_content)
    with row.document.file.open("rb") as handle:
        assert body == handle.read()
    assert count(material, row) == 1
    client.get(download_url(material, row))
    assert count(material, row) == 2


def test_the_page_shows_the_per_file_counter(client, material):
    first, second = material.files.all()
    client.get(download_url(material, first))
    client.get(download_url(material, first))
    html = client.get(material.url).content.decode()
    assert html.count('скачиваний: <span class="download-count">2</span>') == 1
    assert html.count('скачиваний: <span class="download-count">0</span>') == 1
    assert count(material, second) == 0


def test_a_draft_materials_file_is_not_served_or_counted(client, draft):
    row = draft.files.first()
    response = client.get(f"/materials/{draft.slug}/files/{row.document_id}/")
    assert response.status_code == 404
    assert count(draft, row) == 0


def test_an_unpublished_materials_file_is_no_longer_served(client, material):
    row = material.files.first()
    url = download_url(material, row)
    material.unpublish()
    assert client.get(url).status_code == 404
    assert count(material, row) == 0


def test_a_private_materials_file_is_not_served_to_visitors(client, material):
    row = material.files.first()
    PageViewRestriction.objects.create(page=material, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(download_url(material, row))
    assert response.status_code in {302, 403, 404}
    assert "Content-Disposition" not in response
    assert count(material, row) == 0


def test_a_document_not_attached_to_the_material_is_not_served(client, material):
    other = library.make_material("Другой материал", files=[library.make_document("Чужой файл", "other.docx")])
    row = other.files.first()
    assert client.get(f"{material.url}files/{row.document_id}/").status_code == 404
    assert not FileDownloadCount.objects.filter(page=material, document_id=row.document_id).exists()


def test_practice_attachments_are_counted_too(client, practice):
    row = practice.files.first()
    response = client.get(download_url(practice, row))
    assert response.status_code == 200
    assert practice.download_total == 1


def test_wagtails_document_link_does_not_leak_a_draft_materials_file(client, draft):
    document = draft.files.first().document
    assert client.get(document.url).status_code == 404


def test_wagtails_document_link_serves_a_published_materials_file(client, material):
    document = material.files.first().document
    response = client.get(document.url)
    assert response.status_code == 200
    material.unpublish()
    assert client.get(document.url).status_code == 404


def test_editors_still_open_a_draft_materials_file_for_review(client, draft, expert):
    client.force_login(expert)
    assert client.get(draft.files.first().document.url).status_code == 200
