"""Settings shared by every environment.

Everything that differs between machines (secrets, hosts, databases, services) is read
from the environment through one reader, django-environ; a `.env` file in the project
root is read when present (see `.env.example`).
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Layers, lowest first (the import contracts in pyproject.toml keep them one-way).
    "base",
    "registry",
    "home",
    "practices",
    "communities",
    "parents",
    "surveys",
    "analytics",
    "search",
    "demo",
    # The one background queue (django-tasks, Django 6's django.tasks) and its database backend.
    "django_tasks",
    "django_tasks_db",
    # Phone numbers of the parents' consultation requests (model and form fields).
    "phonenumber_field",
    "axes",
    "csp",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' public pages from the cache, before sessions and CSRF are looked at.
    "base.pagecache.PublicPageCacheMiddleware",
    # The database cannot be reached: the Russian 503 page, also for the sessions' errors below.
    "base.unavailable.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # With images switched off in the visually-impaired mode, each image gives way to its alt text.
    "base.middleware.AccessibleImagesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into the Russian lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "base.context_processors.accessibility",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    # An empty DATABASE_URL (as in .env.example) means the embedded SQLite default.
    "default": env.db_url_config(env("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # The cache only saves work: with Redis down every read is a miss and every write is
    # dropped (django-redis' IGNORE_EXCEPTIONS), so pages still answer, only slower.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Anonymous visitors' public pages kept whole (base/pagecache.py). The invalidation counters
# must be shared by every server process, so without Redis the page cache is off by default.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600 if REDIS_URL else 0)
# Never kept, whatever their responses say: staff, accounts, analytics, surveys, files (each
# document download is counted and checked against its page's privacy).
PAGE_CACHE_EXCLUDED_PATHS = [
    "/admin/",
    "/accounts/",
    "/cabinet/",
    "/analytics/",
    "/surveys/",
    "/documents/",
    "/accessibility/",
    "/media/",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Content-Security-Policy (django-csp). The site's scripts are its own files, never inline;
# styles allow inline because the chart library (plotly) writes its own style elements.
# Video players of practice pages come from the providers listed in frame-src. The Wagtail
# admin keeps its own inline code and is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", "https://www.youtube.com", "https://www.youtube-nocookie.com", "https://rutube.ru"]
        + ["https://vk.com", "https://vkvideo.ru", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# django-axes records every failed sign-in (site, Wagtail admin) with its address and locks
# the account out for that address after ten failures in a row, for an hour; its backend
# must come first. Behind nginx the production settings read the visitor's address from the
# X-Real-IP header that nginx sets (config/settings/production.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0)
AXES_RESET_ON_SUCCESS = True
# Keep every failed sign-in for the auditors, not only the counters a success resets.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LOGIN_URL = "/accounts/login/"
# Staff land in their cabinet, one click from their work (base/cabinet.py).
LOGIN_REDIRECT_URL = "/cabinet/"
LOGOUT_REDIRECT_URL = "/"
# Staff sessions open school-level data: a working day at most, and none after the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = env("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# plotly.js's cartesian bundle is served from static/vendor/plotly/ (the one chart library, no CDN).
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Programme documents (agreements, school programmes) are read only through scoped views.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(MEDIA_ROOT.parent / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Портал института развития образования"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ru", "Русский")]
# Latin page addresses: the editor transliterates a Russian title (base/slugs.py does the same
# for pages made in code) instead of a Cyrillic slug that every link percent-encodes.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No external avatar service: staff see their initials (base/wagtail_hooks.py) or an uploaded
# picture, and the admin sends no one's e-mail hash to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Editors upload documents that teachers download: keep to office and PDF formats and a
# size a school's connection can handle.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "pptx", "odt", "ods", "odp", "rtf", "txt", "csv", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")

# The one background queue (base/queue.py): the portal's slow work is rows in the database, run
# by `python manage.py db_worker --backend queue`; no other server is needed. Wagtail's own
# upkeep stays on "default", run at once, as before there was a queue.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "queue": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# A queued or running computation that has given no sign of life for this long is marked
# failed (its worker died or was never started), so it cannot block the next one forever.
COMPUTATION_TIMEOUT_MINUTES = env.int("COMPUTATION_TIMEOUT_MINUTES", default=120)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# --- Parents' consultation service (parents/) -------------------------------------------------
# Written appeals are answered within 30 days (59-ФЗ); the service may promise less.
CONSULTATION_ANSWER_DAYS = env.int("CONSULTATION_ANSWER_DAYS", default=30)
# Closed requests keep the parent's personal data this long, then `purge_consultations`
# anonymises them (the figures keep topic, municipality and dates).
CONSULTATION_RETENTION_DAYS = env.int("CONSULTATION_RETENTION_DAYS", default=365)
# Where new requests are announced when the service page names no address of its own; empty
# means the site settings' e-mail.
CONSULTATION_NOTIFY_EMAIL = env("CONSULTATION_NOTIFY_EMAIL", default="")
# Stored requests per visitor's IP address and per e-mail address (django-ratelimit rates):
# enough for a family with several children, too few for a script.
CONSULTATION_RATE_PER_IP = env("CONSULTATION_RATE_PER_IP", default="5/h")
CONSULTATION_RATE_PER_EMAIL = env("CONSULTATION_RATE_PER_EMAIL", default="3/h")
# Status and deletion look-ups per IP address: a person mistypes a few times, a script guessing
# reference numbers is stopped.
CONSULTATION_LOOKUP_RATE = env("CONSULTATION_LOOKUP_RATE", default="20/h")
PHONENUMBER_DEFAULT_REGION = "RU"

# --- Surveys (surveys/) -------------------------------------------------------------------------
# No figure is shown for fewer answers than this (per school, per municipality, per question):
# below it an answer could point at a person.
SURVEY_MIN_CELL = env.int("SURVEY_MIN_CELL", default=5)
# Posts per IP address an hour, and new respondents per IP address an hour: a parents' meeting
# on the school's Wi-Fi shares one address and answers in a row; a script needs far more.
SURVEY_POSTS_PER_IP = env("SURVEY_POSTS_PER_IP", default="600/h")
SURVEY_RESPONDENTS_PER_IP = env("SURVEY_RESPONDENTS_PER_IP", default="60/h")
# Unsent drafts of answers are deleted this many days after their campaign closes.
SURVEY_DRAFT_RETENTION_DAYS = env.int("SURVEY_DRAFT_RETENTION_DAYS", default=30)

# Events: registrations' personal data are anonymised this long after the occurrence
# (communities/retention.py, `purge_registrations`, daily); the consent text promises a year.
EVENT_REGISTRATION_RETENTION_DAYS = env.int("EVENT_REGISTRATION_RETENTION_DAYS", default=365)
# Registrations kept per hour from one address and for one e-mail address (django-ratelimit).
EVENT_REGISTRATION_RATE_PER_IP = env("EVENT_REGISTRATION_RATE_PER_IP", default="30/h")
EVENT_REGISTRATION_RATE_PER_EMAIL = env("EVENT_REGISTRATION_RATE_PER_EMAIL", default="5/h")
