import json

import pytest

from django.urls import reverse

from practices.models import (
    Audience,
    CollectionPage,
    EducationLevel,
    Grade,
    MaterialIndexPage,
    MaterialPage,
    MaterialType,
    PracticeIndexPage,
    PracticePage,
    PracticeType,
    Subject,
)


@pytest.mark.parametrize(
    ("parent_model", "model"),
    [(PracticeIndexPage, PracticePage), (MaterialIndexPage, MaterialPage), (MaterialIndexPage, CollectionPage)],
)
def test_methodist_opens_the_add_form_of_each_library_page_type(client, methodist, parent_model, model):
    client.force_login(methodist)
    parent = parent_model.objects.get()
    url = reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert model._meta.verbose_name in response.content.decode()


def test_editor_opens_the_edit_form_of_a_demo_material(client, admin_user, material):
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[material.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ["Вид материала", "Файлы", "Лицензия", "Связанные практики"]:
        assert label in html


@pytest.mark.parametrize("model", [Subject, EducationLevel, Grade, Audience, MaterialType, PracticeType])
def test_taxonomies_are_managed_as_snippets(client, admin_user, model):
    client.force_login(admin_user)
    url = reverse(f"wagtailsnippets_practices_{model._meta.model_name}:list")
    response = client.get(url)
    assert response.status_code == 200
    assert str(model.objects.first()) in response.content.decode()


def test_taxonomies_sit_in_the_reference_books_menu(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar menu is rendered from JSON, where Cyrillic is \u-escaped.
    assert "Справочники" in html or json.dumps("Справочники")[1:-1] in html


def test_demo_vocabularies_cover_the_design(demo_site):
    assert set(EducationLevel.objects.values_list("short_name", flat=True)) == {"НОО", "ООО", "СОО"}
    assert list(Grade.objects.values_list("number", flat=True)) == list(range(1, 12))
    assert {
        "guidelines",
        "manual",
        "lesson-plan",
        "diagnostic-test",
        "pd-programme",
        "presentation",
        "video",
        "document-template",
    } <= set(MaterialType.objects.values_list("slug", flat=True))
    assert set(PracticeType.objects.values_list("slug", flat=True)) == {
        "teaching",
        "management",
        "upbringing",
        "families",
    }
