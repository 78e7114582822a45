import json

import pytest

from django.urls import reverse

from practices.models import (
    Audience,
    CollectionPage,
    EducationLevel,
    Grade,
    MaterialPage,
    MaterialType,
    PracticePage,
    PracticeType,
    Subject,
)


@pytest.mark.parametrize(
    ("section", "model"),
    [("practice_index", PracticePage), ("material_index", MaterialPage), ("material_index", CollectionPage)],
)
def test_methodist_opens_the_add_form_of_each_library_page_type(client, methodist, request, section, model):
    parent = request.getfixturevalue(section)
    client.force_login(methodist)
    url = reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert model._meta.verbose_name in response.content.decode()


def test_editor_opens_the_edit_form_of_a_material(client, superuser, material):
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[material.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ["Вид материала", "Файлы", "Лицензия", "Связанные практики"]:
        assert label in html


@pytest.mark.parametrize("model", [Subject, EducationLevel, Grade, Audience, MaterialType, PracticeType])
def test_taxonomies_are_managed_as_snippets(client, superuser, model):
    client.force_login(superuser)
    url = reverse(f"wagtailsnippets_practices_{model._meta.model_name}:list")
    response = client.get(url)
    assert response.status_code == 200
    assert str(model.objects.first()) in response.content.decode()


@pytest.mark.parametrize("model", [Subject, Audience, MaterialType, PracticeType])
def test_methodists_and_experts_may_extend_the_vocabularies(methodist, expert, model):
    codename = f"practices.add_{model._meta.model_name}"
    assert methodist.has_perm(codename)
    assert expert.has_perm(codename)


def test_taxonomies_sit_in_the_reference_books_menu(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar menu is rendered from JSON, where Cyrillic is \u-escaped.
    assert "Справочники" in html or json.dumps("Справочники")[1:-1] in html


def test_migrations_seed_the_vocabularies_of_the_design(db):
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
