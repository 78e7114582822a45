"""The version for the visually impaired (ГОСТ Р 52872-2019): plain links set a cookie, pages show
the choice as classes on <html>, anonymous pages carry no form and no CSRF cookie for it."""

import io
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from PIL import Image as PillowImage

from django.core.files.images import ImageFile
from django.test import Client

from wagtail.images import get_image_model

from base import accessibility
from base.middleware import images_as_text
from home.models import NewsArticlePage, NewsIndexPage
from tests.factories import pages

pytestmark = pytest.mark.django_db

LARGEST_WHITE_ON_BLACK = "size:200.colors:white-on-black.spacing:wider.lines:wider.images:off"


def switch(client, **params):
    return client.get(f"/accessibility/?{urlencode(params)}")


def html_tag(body: str) -> str:
    return re.search(r"<html\b[^>]*>", body).group(0)


def test_the_usual_site_links_to_the_version_for_the_visually_impaired(client, home):
    body = client.get("/").content.decode()
    # itemprop="copy": the order on educational organisations' sites marks this link.
    link = re.search(r'<a href="([^"]+)" rel="nofollow" itemprop="copy">Версия для слабовидящих</a>', body)
    assert link, "the entry link is on every page"
    url = link.group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(url).query) == {"mode": ["on"], "next": ["/"]}
    assert html_tag(body) == '<html lang="ru">'


def test_turning_it_on_remembers_the_defaults_for_a_year_and_returns_to_the_page(client, home):
    pages.section(NewsIndexPage, "news", title="Новости")
    response = switch(client, mode="on", next="/news/")
    assert response.status_code == 302
    assert response["Location"] == "/news/"
    cookie = response.cookies[accessibility.COOKIE]
    assert cookie.value == "size:150.colors:black-on-white.spacing:normal.lines:normal.images:on"
    assert int(cookie["max-age"]) >= 300 * 24 * 3600
    assert cookie["samesite"] == "Lax"
    assert "private" in response["Cache-Control"]

    body = client.get("/news/").content.decode()
    assert html_tag(body) == (
        '<html lang="ru" class="a11y a11y-size-150 a11y-colors-black-on-white a11y-spacing-normal '
        'a11y-lines-normal a11y-images-on">'
    )
    assert "Обычная версия сайта" in body
    assert "Версия для слабовидящих</a>" not in body


def test_each_link_changes_one_setting_and_keeps_the_others(client, home):
    switch(client, mode="on", next="/")
    switch(client, size="200", next="/")
    response = switch(client, colors="white-on-black", next="/")
    assert response.cookies[accessibility.COOKIE].value == (
        "size:200.colors:white-on-black.spacing:normal.lines:normal.images:on"
    )
    for params in ({"spacing": "wider"}, {"lines": "wide"}, {"images": "off"}):
        switch(client, next="/", **params)
    html = html_tag(client.get("/").content.decode())
    for name in (
        "a11y-size-200",
        "a11y-colors-white-on-black",
        "a11y-spacing-wider",
        "a11y-lines-wide",
        "a11y-images-off",
    ):
        assert name in html


def test_the_panel_marks_the_current_choices_for_screen_readers(client, home):
    client.cookies[accessibility.COOKIE] = LARGEST_WHITE_ON_BLACK
    body = client.get("/").content.decode()
    panel = re.search(r'<section class="a11y-panel".*?</section>', body, re.S).group(0)
    assert 'aria-label="Настройки версии для слабовидящих"' in panel
    current = re.findall(r'<a [^>]*aria-current="true"[^>]*>(.*?)</a>', panel, re.S)
    labels = [re.sub(r"<[^>]+>", "", text).strip() for text in current]
    assert labels == [
        "Размер шрифта: 200 %",
        "Цвета: Белым по чёрному",
        "Расстояние между буквами: Очень большое",
        "Межстрочный интервал: Очень большой",
        "Изображения: Не показывать",
    ]
    assert panel.count("aria-current") == 5
    # Every link of the panel brings the visitor back to the page it was used on.
    links = [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', panel)]
    assert all(parse_qs(urlsplit(href).query)["next"] == ["/"] for href in links)


def test_the_usual_version_forgets_the_choice(client, home):
    switch(client, mode="on", next="/")
    response = switch(client, mode="off", next="/")
    assert response.status_code == 302
    assert response.cookies[accessibility.COOKIE].value == ""
    body = client.get("/").content.decode()
    assert html_tag(body) == '<html lang="ru">'
    assert "Версия для слабовидящих" in body


@pytest.mark.parametrize(
    "params",
    [
        {"size": "500"},
        {"colors": "red-on-green"},
        {"spacing": ""},
        {"images": "ON"},
        {"mode": "maybe"},
        {"font": "huge"},
        {"size": "150\x00"},
        {"size": "1" * 10_000},
    ],
    ids=["size", "colors", "spacing", "images", "mode", "unknown-key", "nul", "long"],
)
def test_an_unknown_value_is_ignored_with_a_russian_notice(client, home, params):
    client.cookies[accessibility.COOKIE] = "size:200.colors:white-on-black"
    response = switch(client, next="/news/", **params)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Часть выбранных настроек сайт не распознал" in body
    assert 'href="/news/">Вернуться на страницу' in body
    # What was there before stays, the defaults fill the rest.
    assert response.cookies[accessibility.COOKIE].value == (
        "size:200.colors:white-on-black.spacing:normal.lines:normal.images:on"
    )


def test_the_valid_part_of_a_mixed_link_is_applied_and_shown_at_once(client, home):
    response = switch(client, size="200", colors="purple", next="/")
    assert response.status_code == 400
    assert "a11y-size-200" in html_tag(response.content.decode())
    assert response.cookies[accessibility.COOKIE].value.startswith("size:200.colors:black-on-white")


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", "news/"],
)
def test_the_switch_never_leaves_the_site(client, home, target):
    response = switch(client, mode="on", next=target)
    assert response["Location"] == "/"


def test_the_switch_keeps_the_query_of_the_page_it_was_used_on(client, home):
    assert switch(client, size="200", next="/search/?query=x")["Location"] == "/search/?query=x"


def test_the_switch_takes_no_posts(client, home):
    response = client.post("/accessibility/", {"mode": "on", "next": "/"})
    assert response.status_code == 405
    assert accessibility.COOKIE not in response.cookies


def test_a_cookie_edited_by_hand_never_breaks_a_page(client, home):
    for raw in ("garbage", "size:9000", "on", "size:200.size:100.colors", ":" * 500):
        client.cookies[accessibility.COOKIE] = raw
        response = client.get("/")
        assert response.status_code == 200
    assert accessibility.parse("on") == accessibility.DEFAULTS
    assert accessibility.parse("garbage") is None
    assert accessibility.parse("size:9000") is None


def test_anonymous_pages_set_no_csrf_cookie_and_carry_no_form_for_it(home):
    client = Client()
    for cookie in (None, LARGEST_WHITE_ON_BLACK):
        if cookie:
            client.cookies[accessibility.COOKIE] = cookie
        response = client.get("/")
        assert response.status_code == 200
        assert "csrftoken" not in response.cookies
        assert 'name="csrfmiddlewaretoken"' not in response.content.decode()


def png(width=40, height=30):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), "#336699").save(buffer, "PNG")
    return ImageFile(buffer, name="photo.png")


def test_with_images_off_an_image_gives_way_to_its_alternative_text(client, home, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "base.middleware.AccessibleImagesMiddleware"]
    image = get_image_model().objects.create(title="Учителя на семинаре", file=png())
    news = pages.section(NewsIndexPage, "news", title="Новости")
    article = pages.add_page(news, NewsArticlePage, title="Семинар", slug="seminar", date="2026-01-15", image=image)

    assert "<img" in client.get(article.url).content.decode()
    client.cookies[accessibility.COOKIE] = "images:off"
    body = client.get(article.url).content.decode()
    assert "<img" not in body
    assert '<span class="image-alt">Учителя на семинаре</span>' in body


def test_images_as_text_keeps_the_alternative_text_escaped_and_drops_decorative_images():
    html = (
        '<p>a<img src="/x.png" alt="Схема &quot;A&gt;B&quot;" class="x">b<img alt="" src="/d.png"/>c<IMG SRC=y.png></p>'
    )
    assert images_as_text(html) == '<p>a<span class="image-alt">Схема &quot;A&gt;B&quot;</span>bc</p>'
