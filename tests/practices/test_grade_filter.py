"""/practices/ filtered by grade (класс), with the materials' facet and vocabulary.

A practice names its education levels, not single grades; a grade finds the practices of the
level it belongs to (the seeded Grade rows: 1–4 НОО, 5–9 ООО, 10–11 СОО).
"""

import re

import pytest

from practices.models import PracticeIndexPage
from practices.models.indexes import grade_choices
from tests.factories import library

FOUND = re.compile(r"Найдено: (\d+)")


def listed_titles(response):
    assert response.status_code == 200
    html = response.content.decode()
    return set(re.findall(r'<li class="resource-card">.*?<h3>\s*<a href="[^"]+">([^<]+)</a>', html, re.S))


@pytest.fixture
def practices(practice_index):
    make = library.make_practice
    built = {
        "reading": make("Громкие чтения в начальной школе", levels=["noo"], subjects=["russian"]),
        "projects": make("Проектная неделя в основной школе", levels=["ooo"], subjects=["mathematics"]),
        "club": make("Родительский клуб", levels=["ooo", "soo"], practice_type="families"),
        "council": make("Управляющий совет школы", practice_type="management"),
    }
    make("Черновик: театр в 7 классе", levels=["ooo"], publish_now=False)
    return built


def titles(pages, *keys):
    return {pages[key].title for key in keys}


@pytest.mark.parametrize(
    ("grade", "expected"),
    [
        ("2", {"reading"}),
        ("7", {"projects", "club"}),
        ("11", {"club"}),
    ],
)
def test_a_grade_lists_the_practices_of_its_education_level(client, practices, grade, expected):
    assert listed_titles(client.get(f"/practices/?grade={grade}")) == titles(practices, *expected)


def test_a_practice_without_levels_and_a_draft_are_not_found_by_grade(client, practices):
    for grade in range(1, 12):
        html = client.get(f"/practices/?grade={grade}").content.decode()
        assert practices["council"].title not in html
        assert "Черновик" not in html


def test_grade_combines_with_the_other_filters(client, practices):
    response = client.get("/practices/?grade=8&subject=mathematics")
    assert listed_titles(response) == titles(practices, "projects")
    nothing = client.get("/practices/?grade=2&level=soo")
    assert int(FOUND.search(nothing.content.decode()).group(1)) == 0
    assert "По выбранным условиям ничего не нашлось" in nothing.content.decode()


def test_the_practices_form_offers_the_same_grades_as_the_materials_form(client, practice_index, material_index):
    practice_html = client.get("/practices/").content.decode()
    material_html = client.get("/materials/").content.decode()
    grade_select = re.compile(r'<select name="grade"[^>]*>(.*?)</select>', re.S)
    practice_grades = grade_select.search(practice_html).group(1)
    assert practice_grades == grade_select.search(material_html).group(1)
    assert '<label for="id_grade">Класс</label>' in practice_html
    assert '<option value="" selected>Любой</option>' in practice_grades
    assert [label for _, label in grade_choices()] == [f"{number} класс" for number in range(1, 12)]
    for number in range(1, 12):
        assert f'<option value="{number}">{number} класс</option>' in practice_grades


def test_the_chosen_grade_stays_selected_and_survives_pagination(client, practices, monkeypatch):
    monkeypatch.setattr(PracticeIndexPage, "per_page", 1)
    html = client.get("/practices/?grade=7").content.decode()
    assert '<option value="7" selected>7 класс</option>' in html
    assert "grade=7" in re.search(r"<nav[^>]*pagination.*?</nav>", html, re.S).group(0)


@pytest.mark.parametrize("value", ["99", "0", "abc", "7%00", "<script>", "7' OR 1=1"])
def test_an_unknown_grade_is_ignored_with_the_whole_list(client, practices, value):
    response = client.get("/practices/", {"grade": value})
    assert response.status_code == 200
    assert listed_titles(response) == titles(practices, "reading", "projects", "club", "council")
