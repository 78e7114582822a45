"""The Wagtail admin as editors meet it: Latin slugs, local avatars, checkboxes, the review action."""

import re

import pytest

from django.urls import reverse

from wagtail.admin.templatetags.wagtailadmin_tags import avatar_url
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

from base.roles import EXPERTS, METHODISTS
from base.slugs import latin_slug
from practices.models import CollectionPage, EducationLevel, MaterialIndexPage, PracticePage, PracticeType
from tests.factories import communities, library, users


@pytest.fixture
def practice_index(home):
    return library.practice_index()


@pytest.fixture
def methodist(db):
    return users.user_in(METHODISTS, username="methodist", first_name="Анна", last_name="Петрова")


@pytest.fixture
def expert(db):
    return users.user_in(EXPERTS, username="expert")


def new_practice(parent, title, **fields):
    """A practice made in code the way a script or an import would: no slug given."""
    page = PracticePage(
        title=title,
        practice_type=PracticeType.objects.get(slug="teaching"),
        context="<p>Сельская школа.</p>",
        problem="<p>Низкая мотивация.</p>",
        **fields,
    )
    parent.add_child(instance=page)
    return PracticePage.objects.get(pk=page.pk)


# Latin slugs


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Математика в 5 классе", "matematika-v-5-klasse"),
        ("Щука, ёж и хор: «ЦУМ» — 2025!", "shhuka-yozh-i-xor-cum-2025"),
        ("Объявление о подъёме", "obyavlenie-o-podyome"),
        ("Mixed: Проект STEM", "mixed-proekt-stem"),
        ("", ""),
        ("«—»", ""),
    ],
)
def test_russian_titles_are_transliterated_with_the_editors_table(title, slug):
    assert latin_slug(title) == slug


def test_a_long_title_gives_a_latin_slug_cut_at_a_word(db):
    slug = latin_slug("Формирование функциональной грамотности обучающихся " * 10)
    assert len(slug) <= 240
    assert slug.startswith("formirovanie-funkcionalnoj-gramotnosti-obuchayushhixsya-")
    assert not slug.endswith("-")
    assert slug.rsplit("-", 1)[-1] in {"formirovanie", "funkcionalnoj", "gramotnosti", "obuchayushhixsya"}


def test_a_page_made_in_code_without_a_slug_gets_a_latin_one(client, practice_index):
    page = new_practice(practice_index, "Математика в 5 классе")
    assert page.slug == "matematika-v-5-klasse"
    page.save_revision().publish()
    assert page.url == "/practices/matematika-v-5-klasse/"
    assert "%" not in page.url
    assert client.get(page.url).status_code == 200


def test_a_second_page_with_the_same_title_gets_a_numbered_slug(practice_index):
    first = new_practice(practice_index, "Наставничество")
    second = new_practice(practice_index, "Наставничество")
    assert (first.slug, second.slug) == ("nastavnichestvo", "nastavnichestvo-2")


def test_a_draft_and_a_section_made_in_code_get_latin_slugs_too(home, practice_index):
    draft = new_practice(practice_index, "Черновик практики", live=False)
    assert draft.slug == "chernovik-praktiki"
    section = MaterialIndexPage(title="Методические материалы")
    home.add_child(instance=section)
    assert section.slug == "metodicheskie-materialy"
    collection = CollectionPage(title="Работа с мотивацией", intro="<p>Подборка.</p>")
    practice_index.add_child(instance=collection)
    assert collection.slug == "rabota-s-motivaciej"


def test_a_title_with_nothing_to_transliterate_still_gets_an_address(practice_index):
    assert new_practice(practice_index, "«—»").slug == "page"


def test_a_given_slug_is_kept(practice_index):
    assert new_practice(practice_index, "Математика", slug="maths").slug == "maths"


def test_the_editors_slug_field_transliterates_instead_of_keeping_cyrillic(client, practice_index, methodist):
    """Wagtail's slug widget keeps Cyrillic only when told to (data-w-slug-allow-unicode-value).

    The transliteration itself runs in the browser (Wagtail's urlify with its Russian table).
    """
    client.force_login(methodist)
    html = client.get(reverse("wagtailadmin_pages:add", args=["practices", "practicepage", practice_index.pk]))
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', html.content.decode()).group(0)
    assert 'data-controller="w-slug"' in slug_input
    assert "data-w-slug-allow-unicode-value" not in slug_input
    # What an editor types into the slug field itself is transliterated too, not stripped.
    assert 'data-action="blur-&gt;w-slug#urlify ' in slug_input


# Avatars


def test_the_admin_loads_no_external_avatar(client, methodist):
    client.force_login(methodist)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar" not in html
    assert "data:image/svg+xml," in html


def test_an_avatar_shows_the_persons_initials(methodist):
    url = avatar_url(methodist)
    assert url.startswith("data:image/svg+xml,")
    assert "%D0%90%D0%9F" in url  # «АП», percent-encoded


def test_a_person_without_a_name_gets_the_first_letter_of_the_login(db):
    user = users.UserFactory(username="<b>editor", first_name="", last_name="")
    url = avatar_url(user)
    assert "%3E%26lt%3B%3C/text%3E" in url  # the login's "<", escaped inside the SVG text
    assert "%3Cb" not in url


def test_an_uploaded_avatar_wins_over_initials(methodist):
    UserProfile.objects.update_or_create(user=methodist, defaults={"avatar": "avatar_images/anna.png"})
    methodist.refresh_from_db()
    assert avatar_url(methodist).endswith("avatar_images/anna.png")


# Checkboxes for vocabularies


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        ("practicepage", ["subjects", "levels", "audiences", "risks"]),
        ("materialpage", ["subjects", "grades", "audiences", "risks"]),
    ],
)
def test_vocabularies_are_checkboxes_not_a_bare_multi_select(client, home, methodist, model, fields):
    index = library.practice_index() if model == "practicepage" else library.material_index()
    client.force_login(methodist)
    html = client.get(reverse("wagtailadmin_pages:add", args=["practices", model, index.pk])).content.decode()
    for field in fields:
        assert f'type="checkbox" name="{field}"' in html, field
        assert not re.search(rf'<select[^>]*name="{field}"', html), field
    assert "Математика" in html


@pytest.mark.parametrize(
    ("model", "fields"),
    [("eventpage", ["subjects", "audiences"]), ("communitypage", ["subjects"])],
)
def test_events_and_communities_have_checkboxes_for_their_vocabularies(client, home, methodist, model, fields):
    parent = communities.make_calendar(home) if model == "eventpage" else communities.make_community_index(home)
    client.force_login(methodist)
    response = client.get(reverse("wagtailadmin_pages:add", args=["communities", model, parent.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for field in fields:
        assert f'type="checkbox" name="{field}"' in html, field
        assert not re.search(rf'<select[^>]*name="{field}"', html), field
    assert "Математика" in html


# «Отправить на экспертизу»


def action_menu(html):
    """(the main button, the drop-down under it) of the page editor's footer, as HTML."""
    footer = html[html.index('<footer class="footer') :]
    footer = footer[: footer.index("</footer>")]
    main, dropdown = footer.split("w-dropdown__toggle", 1)
    return main, dropdown


def test_a_methodist_sees_send_to_review_as_the_main_button(client, practice_index, methodist):
    client.force_login(methodist)
    html = client.get(
        reverse("wagtailadmin_pages:add", args=["practices", "practicepage", practice_index.pk])
    ).content.decode()
    main, dropdown = action_menu(html)
    assert 'name="action-submit" value="Отправить на экспертизу"' in main
    assert "Сохранить черновик" in dropdown
    assert "action-publish" not in html
    assert "Отправить в &quot;Экспертиза&quot;" not in html


def test_a_methodist_editing_a_draft_sees_send_to_review_first(client, practice_index, methodist):
    draft = new_practice(practice_index, "Черновик", live=False)
    client.force_login(methodist)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()
    assert 'name="action-submit"' in action_menu(html)[0]


def test_a_publisher_keeps_wagtails_order(client, practice_index, expert):
    client.force_login(expert)
    html = client.get(
        reverse("wagtailadmin_pages:add", args=["practices", "practicepage", practice_index.pk])
    ).content.decode()
    main, dropdown = action_menu(html)
    assert "Сохранить черновик" in main
    assert 'name="action-publish"' in dropdown
    assert 'name="action-submit" value="Отправить на экспертизу"' in dropdown


def practice_form(title, slug, action):
    """The add form of a practice as the admin posts it, with the button ``action`` pressed."""
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "practice_type": PracticeType.objects.get(slug="teaching").pk,
            "levels": [EducationLevel.objects.get(slug="ooo").pk],
            "year": 2025,
            "context": rich_text("<p>Городская школа.</p>"),
            "problem": rich_text("<p>Ученики не читают условие.</p>"),
            "steps": streamfield([]),
            "results": streamfield([]),
            "body": streamfield([]),
            "files": inline_formset([]),
            "comments": inline_formset([]),
            f"action-{action}": "1",
        }
    )


def test_after_changes_are_requested_the_button_says_send_again(client, practice_index, methodist, expert):
    client.force_login(methodist)
    url = reverse("wagtailadmin_pages:add", args=["practices", "practicepage", practice_index.pk])
    response = client.post(url, practice_form("Смысловое чтение", "reading", "submit"))
    assert response.status_code == 302
    page = PracticePage.objects.get(slug="reading")
    assert page.workflow_in_progress
    client.force_login(expert)
    task_state = page.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk]), {"comment": "Нет"}
    )
    client.force_login(methodist)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'name="action-submit" value="Отправить на экспертизу повторно"' in action_menu(html)[0]
