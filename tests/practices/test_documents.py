from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection


def upload(client, admin_user, name, content):
    client.force_login(admin_user)
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Проверка загрузки",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_an_executable_is_refused_with_a_russian_message(client, admin_user):
    documents_before = get_document_model().objects.count()
    response = upload(client, admin_user, "setup.exe", b"MZ\x90\x00 not a document")
    assert response.status_code == 200
    html = response.content.decode()
    assert "exe" in html
    assert "не поддерживается" in html or "Недопустимое расширение" in html
    assert get_document_model().objects.count() == documents_before


def test_a_file_over_twenty_megabytes_is_refused_with_a_russian_message(client, admin_user, settings):
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    documents_before = get_document_model().objects.count()
    response = upload(client, admin_user, "big.pdf", b"%PDF-1.4\n" + b"0" * settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)
    assert response.status_code == 200
    assert "Файл слишком большой" in response.content.decode()
    assert get_document_model().objects.count() == documents_before


def test_an_allowed_office_document_is_accepted(client, admin_user):
    response = upload(client, admin_user, "plan.docx", b"PK\x03\x04 small docx-like content")
    assert response.status_code == 302
    assert get_document_model().objects.filter(title="Проверка загрузки").exists()
