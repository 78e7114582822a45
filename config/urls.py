from django.conf import settings
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from base import views as base_views
from communities.views import feeds as communities_feeds
from search import views as search_views

# Private routes (admin, documents) are kept apart from public pages: they are never cached.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Sign-in with the username's length checked (base.views.SignInForm), then the rest of
    # Django's account pages (sign-out, password change and recovery).
    path("accounts/login/", base_views.SignInView.as_view(), name="login"),
    path("accounts/password_reset/", base_views.PasswordRecoveryView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("cabinet/", base_views.cabinet, name="cabinet"),
    # Staff analytics: Django views, access decided by analytics.access on every one of them.
    path("analytics/", include("analytics.urls")),
    # Answering surveys through a school's link, without an account.
    path("surveys/", include("surveys.urls")),
    path("search/", search_views.site_search, name="search"),
    path("accessibility/", base_views.toggle_accessibility, name="accessibility"),
    # Wagtail's sitemap: live public pages of the requested site, with that site's addresses.
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    # Browsers and feed readers ask for /favicon.ico whatever the page says. Lazy: the hashed
    # name of the production static storage is known only once the manifest can be read.
    path("favicon.ico", RedirectView.as_view(url=lazy(static_url, str)("favicon.ico"))),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "base.views.permission_denied"

urlpatterns += [
    # iCalendar feeds of pages (/events/feed.ics): Wagtail's page URLs cannot hold a dot.
    re_path(r"^(?P<page_path>(?:[\w\-]+/)*)feed\.ics$", communities_feeds.ics_feed, name="ics_feed"),
    path("", include(wagtail_urls)),
]
