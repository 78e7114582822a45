from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / ".test-media")))
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Beside the media folder, never inside it, as in production.
        "OPTIONS": {"location": str(MEDIA_ROOT.with_name(MEDIA_ROOT.name + "-private")), "base_url": None},
    },
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off, whatever the environment says: most tests change rows directly, not by publishing, and
# then read the page again. tests/base/test_page_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
# Tests run without collectstatic: let WhiteNoise find files in the source folders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Background tasks run at once, inside the request that enqueues them.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "queue": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
