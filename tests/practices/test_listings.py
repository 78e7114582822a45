import re

import pytest

from practices.models import (
    Audience,
    EducationLevel,
    MaterialIndexPage,
    MaterialPage,
    MaterialType,
    PracticePage,
    PracticeType,
    Subject,
)
from registry.models import Risk

FOUND = re.compile(r"Найдено: (\d+)")


def found(response):
    assert response.status_code == 200
    return int(FOUND.search(response.content.decode()).group(1))


def listed_titles(response):
    html = response.content.decode()
    return re.findall(r'<li class="resource-card">.*?<h3>\s*<a href="[^"]+">([^<]+)</a>', html, re.S)


def materials():
    return MaterialPage.objects.live().public()


def practices():
    return PracticePage.objects.live().public()


def test_materials_listing_shows_every_published_material(client, demo_site):
    assert found(client.get("/materials/")) == materials().count() >= 60


def test_practice_library_shows_every_published_practice(client, demo_site):
    assert found(client.get("/practices/")) == practices().count() >= 30


def test_listings_leave_out_drafts_in_review(client, demo_site):
    drafts = list(MaterialPage.objects.filter(live=False)) + list(PracticePage.objects.filter(live=False))
    assert drafts
    html = client.get("/materials/?page=1").content.decode() + "".join(
        client.get(f"/materials/?page={n}").content.decode() for n in range(2, 7)
    )
    for draft in drafts:
        assert draft.url_path not in html
        assert draft.title not in html


@pytest.mark.parametrize(
    ("param", "value", "queryset"),
    [
        ("subject", "mathematics", lambda: materials().filter(subjects__slug="mathematics")),
        ("level", "noo", lambda: materials().filter(grades__level__slug="noo")),
        ("grade", "9", lambda: materials().filter(grades__number=9)),
        ("type", "diagnostic-test", lambda: materials().filter(material_type__slug="diagnostic-test")),
        ("audience", "school-leaders", lambda: materials().filter(audiences__slug="school-leaders")),
        ("risk", "no_school_pd", lambda: materials().filter(risks__code="no_school_pd")),
        ("year", "2025", lambda: materials().filter(year=2025)),
    ],
)
def test_each_material_filter_narrows_the_list_to_matching_materials(client, demo_site, param, value, queryset):
    expected = queryset().distinct().count()
    assert 0 < expected < materials().count()
    assert found(client.get(f"/materials/?{param}={value}")) == expected


@pytest.mark.parametrize(
    ("param", "value", "queryset"),
    [
        ("subject", "russian", lambda: practices().filter(subjects__slug="russian")),
        ("level", "soo", lambda: practices().filter(levels__slug="soo")),
        ("type", "management", lambda: practices().filter(practice_type__slug="management")),
        ("risk", "low_parental_involvement", lambda: practices().filter(risks__code="low_parental_involvement")),
        ("audience", "parents", lambda: practices().filter(audiences__slug="parents")),
        ("year", "2022", lambda: practices().filter(year=2022)),
    ],
)
def test_each_practice_filter_narrows_the_list_to_matching_practices(client, demo_site, param, value, queryset):
    expected = queryset().distinct().count()
    assert 0 < expected < practices().count()
    assert found(client.get(f"/practices/?{param}={value}")) == expected


def test_filters_combine_across_facets_and_alternate_within_one(client, demo_site):
    both_subjects = materials().filter(subjects__slug__in=["mathematics", "physics"]).distinct()
    assert found(client.get("/materials/?subject=mathematics&subject=physics")) == both_subjects.count()
    combined = both_subjects.filter(grades__level__slug="ooo").distinct().count()
    assert 0 < combined < both_subjects.count()
    assert found(client.get("/materials/?subject=mathematics&subject=physics&level=ooo")) == combined


def test_filter_form_offers_every_taxonomy_with_russian_labels(client, demo_site):
    html = client.get("/materials/").content.decode()
    for label in ["Предмет", "Уровень образования", "Класс", "Вид материала", "Для кого", "Год создания", "Порядок"]:
        assert label in html
    for term in [Subject.objects.get(slug="mathematics"), MaterialType.objects.get(slug="lesson-plan")]:
        assert term.name in html
    assert str(Audience.objects.get(slug="teachers")) in html
    assert EducationLevel.objects.get(slug="ooo").name in html
    practice_html = client.get("/practices/").content.decode()
    assert PracticeType.objects.get(slug="families").name in practice_html
    assert Risk.objects.get(code="low_motivation").name in practice_html
    assert 'type="checkbox" name="subject" value="mathematics"' in html


def test_unknown_filter_values_are_ignored_not_an_error(client, demo_site):
    response = client.get("/materials/?subject=alchemy&grade=99&year=abc&sort=random&page=zzz")
    assert found(response) == materials().count()


def test_a_filter_that_matches_nothing_shows_a_helpful_empty_state(client, demo_site):
    response = client.get("/materials/?type=document-template&subject=chemistry")
    assert found(response) == 0
    html = response.content.decode()
    assert "По выбранным условиям ничего не нашлось" in html
    assert "Показать всё" in html


def test_newest_sort_lists_the_latest_published_first(client, demo_site):
    newest = materials().order_by("-first_published_at", "-pk").first()
    assert listed_titles(client.get("/materials/?sort=newest"))[0] == newest.title


def test_most_downloaded_sort_lists_the_most_downloaded_first(client, demo_site):
    totals = sorted(((m.download_total, m.title) for m in materials()), reverse=True)
    titles = listed_titles(client.get("/materials/?sort=downloads"))
    assert titles[0] in {title for total, title in totals if total == totals[0][0]}
    listed_totals = [next(total for total, title in totals if title == listed) for listed in titles]
    assert listed_totals == sorted(listed_totals, reverse=True)


def test_pagination_links_keep_the_chosen_filters(client, demo_site):
    index = MaterialIndexPage.objects.get()
    expected = materials().filter(audiences__slug="teachers").distinct().count()
    assert expected > index.per_page
    html = client.get("/materials/?audience=teachers&sort=downloads").content.decode()
    assert 'href="?audience=teachers&amp;sort=downloads&amp;page=2"' in html
    second = client.get("/materials/?audience=teachers&sort=downloads&page=2")
    assert found(second) == expected
    assert 'aria-current="page">2<' in second.content.decode()
