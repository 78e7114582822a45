"""Cross-site scripting: every text a visitor, an editor or an imported file can put on a page
comes out as text.

Plain fields are written straight to the database (the template's escaping is what is under
test); rich text is posted through the Wagtail admin's edit form as a hostile editor's browser
would post it, because the rich-text converters that strip markup run there.
"""

import csv
import io
import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape

from wagtail.models import Site
from wagtail.test.utils.form_data import rich_text

from base.models import SiteSettings
from home.models import ContentPage, NewsArticlePage, NewsIndexPage
from practices.models import CollectionItem, MaterialFile, PracticeFile
from search.models import BankPage
from tests.factories import library, pages
from tests.factories.analytics import region, regional_analyst
from tests.factories.registry import MunicipalityFactory, SchoolFactory
from tests.factories.users import superuser

from .hostile import (
    IMG,
    PAYLOADS,
    SCRIPT,
    assert_escaped,
    contentstate,
    edit_form,
    live_markup,
    post_edit,
    stream,
    with_fields,
)

pytestmark = pytest.mark.django_db


def body_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


# --- what editors type into plain fields ---------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_content_page_title_summary_and_blocks_are_escaped_wherever_shown(client, home, payload):
    page = pages.add_page(
        home,
        ContentPage,
        title=f"Программа {payload}",
        slug="hostile",
        summary=f"Кратко {payload}",
        search_description=f"Описание {payload}",
        show_in_menus=True,
        body=[
            ("heading", {"text": f"Раздел {payload}", "level": "h2"}),
            ("quote", {"text": f"Цитата {payload}", "attribution": f"Автор {payload}"}),
            (
                "call_to_action",
                {"title": payload, "text": payload, "button_text": payload, "page": None, "url": "https://example.ru/"},
            ),
        ],
    )
    pages.add_page(page, ContentPage, title="Вложенная страница", slug="child", body=[])

    own = body_of(client, page.url)
    for text in (f"Программа {payload}", f"Кратко {payload}", f"Раздел {payload}", f"Автор {payload}", payload):
        assert_escaped(own, text)
    # The title in <title> and og:title, the search description in <meta name=description>.
    assert f'content="{escape(f"Описание {payload}")}"' in own
    # The menu, the breadcrumbs of a child page and the search results show the title too.
    assert_escaped(body_of(client, "/"), f"Программа {payload}")
    assert_escaped(body_of(client, "/hostile/child/"), f"Программа {payload}")
    assert_escaped(body_of(client, "/search/?query=Программа"), f"Программа {payload}")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_news_title_and_summary_are_escaped_in_the_article_the_list_and_the_home_page(client, home, payload):
    news = pages.section(NewsIndexPage, "news", title="Новости")
    article = pages.add_page(
        news,
        NewsArticlePage,
        title=f"Новость {payload}",
        slug="hostile-news",
        summary=f"Анонс {payload}",
        body=[("paragraph", "<p>Текст новости.</p>")],
    )
    search = "/search/?query=Новость"
    for url in (article.url, news.url, "/", search):
        body = body_of(client, url)
        assert_escaped(body, f"Новость {payload}")
        # Search shows the passage that matched (the text), not the summary.
        if url not in (article.url, search):
            assert_escaped(body, f"Анонс {payload}")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_practice_fields_and_its_school_are_escaped(client, home, payload):
    pages.section(BankPage, "bank", title="Банк ресурсов")
    school = SchoolFactory(
        name=f"Школа {payload}", municipality=MunicipalityFactory(name=f"Район {payload}", code="MX1")
    )
    practice = library.make_practice(
        f"Практика {payload}",
        summary=f"Суть {payload}",
        school=school,
        authors=f"Автор {payload}\nВторой автор",
        steps=[("step", {"title": f"Шаг {payload}", "text": f"Как {payload}", "duration": f"Срок {payload}"})],
        results=[
            (
                "indicator",
                {"indicator": f"Показатель {payload}", "before": payload, "after": payload, "period": payload},
            )
        ],
        contact_person=f"Контакт {payload}",
        contact_phone=f"Телефон {payload}",
        files=[library.make_document("План", "plan.txt", "План работы.")],
    )
    PracticeFile.objects.filter(page=practice).update(title=f"Файл {payload}")

    own = body_of(client, practice.url)
    for text in (
        f"Практика {payload}",
        f"Суть {payload}",
        f"Школа {payload}",
        f"Район {payload}",
        f"Автор {payload}",
        f"Шаг {payload}",
        f"Как {payload}",
        f"Срок {payload}",
        f"Показатель {payload}",
        f"Контакт {payload}",
        f"Телефон {payload}",
        f"Файл {payload}",
    ):
        assert_escaped(own, text)
    listing = body_of(client, "/practices/")
    for text in (f"Практика {payload}", f"Суть {payload}", f"Школа {payload}"):
        assert_escaped(listing, text)
    assert_escaped(body_of(client, "/"), f"Практика {payload}")
    assert_escaped(body_of(client, "/search/?query=Практика"), f"Практика {payload}")
    bank = body_of(client, "/bank/?q=Практика")
    assert_escaped(bank, f"Практика {payload}")
    assert live_markup(bank) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_material_fields_are_escaped_and_its_json_ld_cannot_close_the_script(client, home, payload):
    pages.section(BankPage, "bank", title="Банк ресурсов")
    material = library.make_material(
        f"Материал {payload}",
        summary=f"Суть {payload}",
        author=f"Автор {payload}",
        organisation=f"Организация {payload}",
        terms_of_use=f"Условия {payload}",
        files=[library.make_document("Листы", "sheets.txt", f"Внутри {payload} приложения")],
    )
    MaterialFile.objects.filter(page=material).update(title=f"Файл {payload}")
    collection = library.make_collection(f"Подборка {payload}", [material], summary=f"О подборке {payload}")
    CollectionItem.objects.filter(collection=collection).update(note=f"Заметка {payload}")

    own = body_of(client, material.url)
    for text in (
        f"Материал {payload}",
        f"Суть {payload}",
        f"Автор {payload}",
        f"Организация {payload}",
        f"Условия {payload}",
        f"Файл {payload}",
    ):
        assert_escaped(own, text)
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', own, re.S)
    assert data is not None and "<" not in data.group(1)

    listing = body_of(client, "/materials/")
    for text in (f"Материал {payload}", f"Подборка {payload}", f"О подборке {payload}"):
        assert_escaped(listing, text)
    assert_escaped(body_of(client, collection.url), f"Заметка {payload}")
    # The bank's snippet is HTML the backend builds (with <mark>): the page text in it is escaped.
    bank = body_of(client, "/bank/?q=Материал")
    assert_escaped(bank, f"Материал {payload}")
    assert_escaped(body_of(client, "/bank/?q=приложения"), f"Внутри {payload}")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_site_settings_are_escaped_in_the_header_and_footer_of_every_page(client, home, payload):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = f"Институт {payload}"
    settings.short_name = f"ИРО {payload}"
    settings.address = f"Адрес {payload}"
    settings.phone = f"+7 {payload}"
    settings.footer_links = [("link", {"title": f"Ссылка {payload}", "page": None, "url": "https://example.ru/"})]
    settings.save()
    for url in ("/", "/search/", "/accounts/login/", "/no-such-page/"):
        body = body_of(client, url, status=404 if url == "/no-such-page/" else 200)
        for text in (f"Институт {payload}", f"Адрес {payload}", f"Ссылка {payload}"):
            assert_escaped(body, text)


# --- what visitors put in the address ------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_site_search_echoes_the_query_as_text(client, home, payload):
    response = client.get("/search/", {"query": payload})
    assert response.status_code == 200
    assert_escaped(response.content.decode(), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_bank_echoes_the_query_and_facet_values_from_the_address_as_text(client, home, payload):
    bank = pages.section(BankPage, "bank", title="Банк ресурсов")
    response = client.get(bank.url, {"q": payload})
    assert response.status_code == 200
    assert_escaped(response.content.decode(), payload)
    # A selected facet value is echoed back (to untick it) even when nothing has it.
    response = client.get(bank.url, {"q": "дроби", "subject": payload, "type": payload, "year": payload})
    assert response.status_code == 200
    assert_escaped(response.content.decode(), payload)
    json_answer = client.get(bank.url, {"q": payload, "subject": payload, "format": "json"})
    assert json_answer["Content-Type"].startswith("application/json")
    assert client.get(f"{bank.url}autocomplete/", {"q": payload})["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_library_filters_from_the_address_are_not_echoed_as_markup(client, home, payload):
    library.practice_index()
    library.material_index()
    for url in ("/practices/", "/materials/"):
        response = client.get(url, {"subject": payload, "type": payload, "year": payload, "sort": payload})
        assert response.status_code == 200
        body = response.content.decode()
        assert payload not in body
        assert live_markup(body) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_login_page_echoes_next_and_the_username_as_text(client, home, payload):
    assert_escaped(body_of(client, f"/accounts/login/?next=/{payload}"), f"/{payload}")
    response = client.post("/accounts/login/", {"username": f"user{payload}", "password": "wrong", "next": "/"})
    assert response.status_code == 200
    assert_escaped(response.content.decode(), f"user{payload}")


# --- rich text and blocks through the admin, as a hostile editor posts them -----------------


@pytest.fixture
def editor(client, home):
    client.force_login(superuser())
    return client


def test_rich_text_paragraphs_posted_by_an_editor_cannot_carry_script(editor, home):
    page = pages.add_page(home, ContentPage, title="Страница", slug="rich", body=[])
    hostile_html = (
        f'<p>Абзац {SCRIPT}</p><script>alert(1)</script><p><img src="x" onerror="alert(1)"/></p>'
        '<p><a href="javascript:alert(1)">ссылка</a> <b onclick="alert(1)">жирный</b></p>'
    )
    data = with_fields(
        edit_form(editor, page),
        title=f"Заголовок {IMG}",
        **stream(
            "body",
            [
                ("paragraph", contentstate(f"Текст {SCRIPT}")),
                ("paragraph", contentstate("Ссылка-ловушка", link="javascript:alert(1)")),
                ("paragraph", contentstate("Ещё ссылка", link=" JaVaScRiPt:alert(1)")),
                ("paragraph", contentstate("Данные", link="data:text/html,<script>alert(1)</script>")),
                ("paragraph", rich_text(hostile_html, features=["bold", "italic", "link"])),
                ("heading", {"text": f"Раздел {IMG}", "level": "h3"}),
            ],
        ),
    )
    response = post_edit(editor, page, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    body = body_of(Client(), "/rich/")
    assert live_markup(body) == []
    assert "javascript:" not in body.lower() and "data:text/html" not in body
    assert_escaped(body, f"Заголовок {IMG}")
    assert_escaped(body, f"Текст {SCRIPT}")
    assert_escaped(body, f"Раздел {IMG}")
    assert "Ссылка-ловушка" in body and "Абзац" in body


def test_a_section_intro_posted_by_an_editor_cannot_carry_script(editor, home):
    news = pages.section(NewsIndexPage, "news", title="Новости")
    data = edit_form(editor, news)
    assert "intro" in data, "the intro's editor value should be in the form"
    response = post_edit(
        editor, news, with_fields(data, intro=contentstate(f"Вступление {SCRIPT}", link="javascript:x"))
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    body = body_of(Client(), "/news/")
    assert_escaped(body, f"Вступление {SCRIPT}")
    assert "javascript:" not in body


@pytest.mark.parametrize(
    "block",
    [
        ("heading", {"text": "Заголовок", "level": "script"}),
        ("heading", {"text": "Заголовок", "level": 'h2 onclick="alert(1)"'}),
        (
            "call_to_action",
            {"title": "Кнопка", "text": "", "button_text": "Жми", "page": "", "url": "javascript:alert(1)"},
        ),
    ],
    ids=["heading-level-script", "heading-level-attribute", "button-javascript-url"],
)
def test_block_values_outside_their_choices_are_refused(editor, home, block):
    page = pages.add_page(home, ContentPage, title="Страница", slug="blocks", body=[])
    response = post_edit(editor, page, with_fields(edit_form(editor, page), **stream("body", [block])))
    assert response.status_code == 200  # the form again, with the error
    page.refresh_from_db()
    assert len(page.body) == 0
    assert live_markup(body_of(Client(), "/blocks/")) == []


def test_a_practice_video_link_cannot_be_a_script_url(editor, home):
    practice = library.make_practice("Практика с видео", files=[])
    data = edit_form(editor, practice)
    form = with_fields(
        data,
        video_url="javascript:alert(1)",
        context=contentstate(f"Контекст {SCRIPT}"),
        **stream("steps", []),
        **stream("results", []),
        **stream("body", []),
    )
    response = post_edit(editor, practice, form)
    assert response.status_code == 200
    practice.refresh_from_db()
    assert practice.video_url == ""
    response = post_edit(editor, practice, with_fields(form, video_url=""))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_escaped(body_of(Client(), practice.url), f"Контекст {SCRIPT}")


# --- what imported data puts on the staff pages -------------------------------------------


@pytest.fixture
def hostile_region(home):
    """A computed region whose first school and municipality carry a payload in their names."""
    built = region(n_schools=20, n_municipalities=2)
    municipality = built.municipalities[0]
    municipality.name = f"Район {SCRIPT}"
    municipality.save()
    school = built.schools_of(municipality)[0]
    school.name = f"Школа {IMG}"
    school.save()
    return built, municipality, school


def test_school_and_municipality_names_are_escaped_on_the_staff_pages(client, hostile_region):
    _built, municipality, school = hostile_region
    client.force_login(regional_analyst())
    urls = [
        f"/analytics/schools/{school.code}/",
        "/analytics/schools/",
        f"/analytics/schools/?q={school.code}",
        f"/analytics/municipalities/{municipality.pk}/",
    ]
    for url in urls:
        body = body_of(client, url)
        assert_escaped(body, f"Школа {IMG}")
        assert_escaped(body, f"Район {SCRIPT}")
    for url in ("/analytics/", "/analytics/regression/", "/analytics/runs/"):
        body = body_of(client, url)
        assert SCRIPT not in body and IMG not in body
        assert live_markup(body) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_staff_school_list_echoes_its_filters_as_text(client, hostile_region, payload):
    client.force_login(regional_analyst())
    response = client.get("/analytics/schools/", {"q": payload, "cluster": payload, "sort": payload})
    assert response.status_code == 200
    assert_escaped(response.content.decode(), payload)


@pytest.fixture
def importer(client, settings, tmp_path, home):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(superuser())
    return client


def test_the_import_preview_shows_hostile_cells_and_their_errors_as_text(importer):
    rows = [
        ["code", "name", "municipality"],
        [SCRIPT, "Школа 1", "Район 1"],
        ["T0002", IMG, "Район 1"],
        ["T0003", "Школа 3", SCRIPT],
        ["T0003", SCRIPT, "Район 1"],
    ]
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    upload = SimpleUploadedFile("schools.csv", text.getvalue().encode())
    response = importer.post("/admin/analytics/import/", {"kind": "schools", "file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "import-problems" in body, "the code should be refused with its row"
    assert_admin_escaped(body, SCRIPT)
    assert_admin_escaped(body, IMG)


def test_a_hostile_file_name_is_shown_as_text_in_the_preview_and_the_messages(importer):
    name = "<img src=x onerror=alert(1)>.csv"
    upload = SimpleUploadedFile(name, b"code,name,municipality\nT0001,School,Area\n")
    response = importer.post("/admin/analytics/import/", {"kind": "schools", "file": upload}, follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert_admin_escaped(body, "<img src=x onerror=alert(1)>")
    token = re.search(r"/admin/analytics/import/([\w-]+)/cancel/", body).group(1)
    response = importer.post(f"/admin/analytics/import/{token}/cancel/", follow=True)
    assert_admin_escaped(response.content.decode(), "<img src=x onerror=alert(1)>")


def assert_admin_escaped(body, payload):
    """As :func:`assert_escaped`, for admin pages (their own inline JSON data is left alone)."""
    assert payload not in body
    assert "<img src=x" not in body and "<script>alert" not in body
    assert escape(payload) in body
