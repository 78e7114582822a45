"""The home app's own pages (news, content pages) and the site's settings, built per test."""

import datetime

import pytest

from wagtail.models import Site

from base.models import SiteSettings
from home.models import ContentPage, NewsArticlePage, NewsIndexPage
from tests.factories import pages


def paragraph(text):
    return ("paragraph", f"<p>{text}</p>")


@pytest.fixture
def news(home):
    return pages.section(NewsIndexPage, "news", title="Новости")


@pytest.fixture
def add_news(news):
    """``add_news(n, date=...)``: a published article /news/news-<n>/ with that date."""

    def add(number, *, date=datetime.date(2026, 1, 15), title=None, **fields):
        title = title or f"Новость {number}"
        return pages.add_page(
            news, NewsArticlePage, title=title, slug=f"news-{number}", date=date, body=[paragraph(title)], **fields
        )

    return add


@pytest.fixture
def content_page(home):
    """``content_page(title, slug, parent=home, **fields)``: a published information page."""

    def add(title, slug, parent=None, **fields):
        fields.setdefault("body", [paragraph(title)])
        return pages.add_page(parent or home, ContentPage, title=title, slug=slug, **fields)

    return add


@pytest.fixture
def site_settings(home):
    """The organisation's name and contacts as an editor fills them in «Настройки сайта»."""
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Институт развития образования Энской области"
    settings.email = "help@iro.test"
    settings.phone = "+7 800 000-00-00"
    settings.save()
    return settings
