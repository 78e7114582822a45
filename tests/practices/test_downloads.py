from wagtail.models import PageViewRestriction

from practices.models import FileDownloadCount, MaterialPage


def download_url(material, row):
    return f"{material.url}files/{row.document_id}/"


def count(material, row):
    counter = FileDownloadCount.objects.filter(page=material, document_id=row.document_id).first()
    return counter.count if counter else 0


def test_downloading_a_file_serves_it_and_raises_its_counter(client, material):
    row = material.files.first()
    before = count(material, row)
    response = client.get(download_url(material, row))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    body = b"".join(response.streaming_content)
    with row.document.file.open("rb") as handle:
        assert body == handle.read()
    assert count(material, row) == before + 1
    client.get(download_url(material, row))
    assert count(material, row) == before + 2


def test_the_page_shows_the_per_file_counter(client, material):
    row = material.files.first()
    client.get(download_url(material, row))
    html = client.get(material.url).content.decode()
    assert f'скачиваний: <span class="download-count">{count(material, row)}</span>' in html


def test_a_draft_materials_file_is_not_served_or_counted(client, demo_site):
    draft = MaterialPage.objects.filter(live=False).first()
    row = draft.files.first()
    response = client.get(f"/materials/{draft.slug}/files/{row.document_id}/")
    assert response.status_code == 404
    assert count(draft, row) == 0


def test_an_unpublished_materials_file_is_no_longer_served(client, material):
    row = material.files.first()
    url = download_url(material, row)
    before = count(material, row)
    material.unpublish()
    assert client.get(url).status_code == 404
    assert count(material, row) == before


def test_a_private_materials_file_is_not_served_to_visitors(client, material):
    row = material.files.first()
    before = count(material, row)
    PageViewRestriction.objects.create(page=material, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(download_url(material, row))
    assert response.status_code in {302, 403, 404}
    assert "Content-Disposition" not in response
    assert count(material, row) == before


def test_a_document_not_attached_to_the_material_is_not_served(client, material):
    other = MaterialPage.objects.live().exclude(pk=material.pk).first().files.first()
    assert client.get(f"{material.url}files/{other.document_id}/").status_code == 404
    assert not FileDownloadCount.objects.filter(page=material, document_id=other.document_id).exists()


def test_practice_attachments_are_counted_too(client, demo_site):
    from practices.models import PracticePage

    practice = PracticePage.objects.live().filter(files__isnull=False).first()
    row = practice.files.first()
    response = client.get(f"{practice.url}files/{row.document_id}/")
    assert response.status_code == 200
    assert practice.download_total == 1


def test_wagtails_document_link_does_not_leak_a_draft_materials_file(client, demo_site):
    draft = MaterialPage.objects.filter(live=False).first()
    document = draft.files.first().document
    assert client.get(document.url).status_code == 404


def test_wagtails_document_link_serves_a_published_materials_file(client, material):
    document = material.files.first().document
    response = client.get(document.url)
    assert response.status_code == 200
    material.unpublish()
    assert client.get(document.url).status_code == 404


def test_editors_still_open_a_draft_materials_file_for_review(client, demo_site, django_user_model):
    draft = MaterialPage.objects.filter(live=False).first()
    client.force_login(django_user_model.objects.get(username="reviewer"))
    assert client.get(draft.files.first().document.url).status_code == 200
