import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection


@pytest.fixture
def upload(client, methodist):
    """Upload a file through the admin as a methodist, who attaches files to what they write."""
    client.force_login(methodist)

    def post(name, content):
        return client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "Проверка загрузки",
                "file": SimpleUploadedFile(name, content),
                "collection": Collection.get_first_root_node().pk,
            },
        )

    return post


def test_an_executable_is_refused_with_a_russian_message(upload):
    response = upload("setup.exe", b"MZ\x90\x00 not a document")
    assert response.status_code == 200
    html = response.content.decode()
    assert "exe" in html
    assert "не поддерживается" in html or "Недопустимое расширение" in html
    assert not get_document_model().objects.exists()


def test_a_file_over_twenty_megabytes_is_refused_with_a_russian_message(upload, settings):
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    response = upload("big.pdf", b"%PDF-1.4\n" + b"0" * settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)
    assert response.status_code == 200
    assert "Файл слишком большой" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_an_allowed_office_document_is_accepted(upload):
    response = upload("plan.docx", b"PK\x03\x04 small docx-like content")
    assert response.status_code == 302
    assert get_document_model().objects.filter(title="Проверка загрузки").exists()
