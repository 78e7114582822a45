import datetime
import re

import pytest

from django.utils import timezone

from practices.models import (
    Audience,
    EducationLevel,
    FileDownloadCount,
    MaterialIndexPage,
    MaterialType,
    PracticeType,
    Subject,
)
from registry.models import Risk
from tests.factories import library

FOUND = re.compile(r"Найдено: (\d+)")


def found(response):
    assert response.status_code == 200
    return int(FOUND.search(response.content.decode()).group(1))


def listed_titles(response):
    html = response.content.decode()
    return re.findall(r'<li class="resource-card">.*?<h3>\s*<a href="[^"]+">([^<]+)</a>', html, re.S)


def published(day):
    return timezone.make_aware(datetime.datetime(2025, 1, day, 12, 0))


@pytest.fixture
def materials(material_index):
    """Five published materials across the facets, newest last, and one draft."""
    make = library.make_material
    built = {
        "fractions": make(
            "Дроби в 5 классе",
            subjects=["mathematics"],
            grades=[5],
            material_type="lesson-plan",
            audiences=["teachers"],
            year=2025,
            first_published_at=published(1),
        ),
        "mechanics": make(
            "Механика для 8 класса",
            subjects=["physics"],
            grades=[8],
            material_type="diagnostic-test",
            audiences=["teachers"],
            risks=["no_school_pd"],
            year=2024,
            first_published_at=published(2),
        ),
        "syllables": make(
            "Читаем по слогам",
            subjects=["primary"],
            grades=[1, 2],
            material_type="guidelines",
            audiences=["teachers"],
            year=2024,
            first_published_at=published(3),
        ),
        "council": make(
            "Как провести педсовет о профессиональном развитии",
            material_type="guidelines",
            audiences=["school-leaders"],
            risks=["no_school_pd"],
            year=2023,
            first_published_at=published(4),
        ),
        "exam": make(
            "Подготовка к ЕГЭ по математике",
            subjects=["mathematics"],
            grades=[10, 11],
            material_type="manual",
            audiences=["teachers"],
            year=2025,
            first_published_at=published(5),
        ),
    }
    make("Черновик: тригонометрия", subjects=["mathematics"], grades=[10], publish_now=False)
    return built


@pytest.fixture
def practices(practice_index):
    """Three published practices across the facets and one draft."""
    make = library.make_practice
    built = {
        "mentoring": make(
            "Наставничество молодых учителей",
            subjects=["russian"],
            levels=["noo"],
            practice_type="management",
            risks=["no_school_pd"],
            audiences=["teachers"],
            year=2022,
        ),
        "parents_club": make(
            "Родительский клуб",
            levels=["ooo", "soo"],
            practice_type="families",
            risks=["low_parental_involvement"],
            audiences=["parents"],
            year=2023,
        ),
        "project_weeks": make(
            "Проектные недели",
            subjects=["russian", "literature"],
            levels=["soo"],
            practice_type="teaching",
            risks=["low_motivation"],
            audiences=["teachers"],
            year=2023,
        ),
    }
    make("Черновик: школьный театр", levels=["ooo"], publish_now=False)
    return built


def titles(pages, *keys):
    return {pages[key].title for key in keys}


def test_materials_listing_shows_every_published_material_and_no_draft(client, materials):
    response = client.get("/materials/")
    assert found(response) == 5
    assert set(listed_titles(response)) == {page.title for page in materials.values()}
    assert "Черновик" not in response.content.decode()


def test_practice_library_shows_every_published_practice_and_no_draft(client, practices):
    response = client.get("/practices/")
    assert found(response) == 3
    assert set(listed_titles(response)) == {page.title for page in practices.values()}
    assert "Черновик" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("subject=mathematics", {"fractions", "exam"}),
        ("level=noo", {"syllables"}),
        ("grade=8", {"mechanics"}),
        ("type=diagnostic-test", {"mechanics"}),
        ("audience=school-leaders", {"council"}),
        ("risk=no_school_pd", {"mechanics", "council"}),
        ("year=2025", {"fractions", "exam"}),
    ],
)
def test_each_material_filter_narrows_the_list_to_matching_materials(client, materials, query, expected):
    response = client.get(f"/materials/?{query}")
    assert found(response) == len(expected)
    assert set(listed_titles(response)) == titles(materials, *expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("subject=russian", {"mentoring", "project_weeks"}),
        ("level=soo", {"parents_club", "project_weeks"}),
        ("type=management", {"mentoring"}),
        ("risk=low_parental_involvement", {"parents_club"}),
        ("audience=parents", {"parents_club"}),
        ("year=2022", {"mentoring"}),
    ],
)
def test_each_practice_filter_narrows_the_list_to_matching_practices(client, practices, query, expected):
    response = client.get(f"/practices/?{query}")
    assert found(response) == len(expected)
    assert set(listed_titles(response)) == titles(practices, *expected)


def test_filters_combine_across_facets_and_alternate_within_one(client, materials):
    either = client.get("/materials/?subject=mathematics&subject=physics")
    assert set(listed_titles(either)) == titles(materials, "fractions", "mechanics", "exam")
    both = client.get("/materials/?subject=mathematics&subject=physics&level=ooo")
    assert set(listed_titles(both)) == titles(materials, "fractions", "mechanics")


def test_a_material_spanning_two_grades_is_listed_once(client, materials):
    response = client.get("/materials/?grade=1&grade=2&level=noo")
    assert listed_titles(response) == [materials["syllables"].title]


def test_filter_form_offers_every_taxonomy_with_russian_labels(client, material_index, practice_index):
    html = client.get("/materials/").content.decode()
    for label in ["Предмет", "Уровень образования", "Класс", "Вид материала", "Для кого", "Год создания", "Порядок"]:
        assert label in html
    for term in [Subject.objects.get(slug="mathematics"), MaterialType.objects.get(slug="lesson-plan")]:
        assert term.name in html
    assert str(Audience.objects.get(slug="teachers")) in html
    assert EducationLevel.objects.get(slug="ooo").name in html
    assert 'type="checkbox" name="subject" value="mathematics"' in html
    practice_html = client.get("/practices/").content.decode()
    assert PracticeType.objects.get(slug="families").name in practice_html
    assert Risk.objects.get(code="low_motivation").name in practice_html


def test_year_filter_offers_only_the_years_of_published_resources(client, materials):
    html = client.get("/materials/").content.decode()
    years = re.findall(r'<option value="(\d{4})"', html)
    assert years == ["2025", "2024", "2023"]


def test_unknown_filter_values_are_ignored_not_an_error(client, materials):
    response = client.get("/materials/?subject=alchemy&grade=99&year=abc&sort=random&page=zzz")
    assert found(response) == 5


def test_a_filter_that_matches_nothing_shows_a_helpful_empty_state(client, materials):
    response = client.get("/materials/?type=document-template&subject=chemistry")
    assert found(response) == 0
    html = response.content.decode()
    assert "По выбранным условиям ничего не нашлось" in html
    assert "Показать всё" in html


def test_an_empty_section_says_nothing_is_published_yet(client, material_index):
    response = client.get("/materials/")
    assert found(response) == 0
    assert "Здесь пока ничего не опубликовано" in response.content.decode()


def test_newest_sort_lists_the_latest_published_first(client, materials):
    assert listed_titles(client.get("/materials/?sort=newest")) == [
        materials[key].title for key in ["exam", "council", "syllables", "mechanics", "fractions"]
    ]


def test_most_downloaded_sort_lists_the_most_downloaded_first(client, materials):
    document = library.make_document("Счётчик", "counter.docx")
    for key, downloads in [("syllables", 7), ("fractions", 3), ("council", 12)]:
        FileDownloadCount.objects.create(page=materials[key], document=document, count=downloads)
    titles_by_downloads = listed_titles(client.get("/materials/?sort=downloads"))
    # Materials never downloaded follow, newest first.
    assert titles_by_downloads == [
        materials[key].title for key in ["council", "syllables", "fractions", "exam", "mechanics"]
    ]


def test_pagination_links_keep_the_chosen_filters(client, materials, monkeypatch):
    monkeypatch.setattr(MaterialIndexPage, "per_page", 2)
    first = client.get("/materials/?audience=teachers&sort=newest")
    assert found(first) == 4
    assert listed_titles(first) == [materials["exam"].title, materials["syllables"].title]
    html = first.content.decode()
    assert 'href="?audience=teachers&amp;sort=newest&amp;page=2"' in html

    second = client.get("/materials/?audience=teachers&sort=newest&page=2")
    assert found(second) == 4
    assert listed_titles(second) == [materials["mechanics"].title, materials["fractions"].title]
    assert 'aria-current="page">2<' in second.content.decode()
    assert 'href="?audience=teachers&amp;sort=newest&amp;page=1"' in second.content.decode()


def test_library_lists_its_published_collections(client, materials):
    library.make_collection("Математика в 5–11 классах", [materials["fractions"], materials["exam"]])
    library.make_collection("Черновик подборки", [materials["mechanics"]], publish_now=False)
    html = client.get("/materials/").content.decode()
    assert "Математика в 5–11 классах" in html
    assert "Черновик подборки" not in html


def test_results_come_before_the_collections(client, materials):
    # On a phone the collections used to push the first result below the first screen.
    library.make_collection("Математика в 5–11 классах", [materials["fractions"]])
    html = client.get("/materials/").content.decode()
    assert html.index('class="resource-list"') < html.index('id="collections-title"')


def test_filters_are_folded_in_the_markup_and_say_how_many_are_chosen(client, materials):
    html = client.get("/materials/").content.decode()
    # Closed: the phone's fold; wide screens open it by CSS (data-open-on-wide), no script needed.
    fold = re.search(r"<details ([^>]*)>\s*<summary>(.*?)</summary>\s*<form class=\"library-filters\"", html, re.S)
    assert fold, "the filters are not inside a <details>"
    assert "data-open-on-wide" in fold.group(1) and " open" not in fold.group(1)
    assert "выбрано" not in fold.group(2)

    html = client.get("/materials/?subject=mathematics&subject=physics&audience=teachers").content.decode()
    assert '<span class="filter-fold-state">(выбрано: 3)</span>' in html
