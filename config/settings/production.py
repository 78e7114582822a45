from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
# Keys that were ever published (the examples, the development default) open every session.
if len(SECRET_KEY) < 40 or SECRET_KEY.startswith(("change-me", "dev-only-key", "test-only-key")):
    raise ImproperlyConfigured("SECRET_KEY must be a long random value of this server's own.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

# A worker keeps its database connection between requests: opening one costs PostgreSQL a new
# process, more than most pages take to render. Checked before reuse, so a restarted database
# costs one request a reconnect, not an error.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=300)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The Wagtail editor previews pages in a same-origin iframe; DENY would break previews.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]


# gunicorn listens on a unix socket behind nginx, so REMOTE_ADDR is empty. nginx
# (deploy/nginx/portal.conf), the only way in, puts the visitor's address in X-Real-IP and
# replaces whatever the visitor sent there. Rate limits (django-ratelimit), the sign-in journal
# (django-axes) and the analytics log (analytics.access) read it; a request without it (from the
# server itself, not through nginx) falls back to REMOTE_ADDR.
def visitor_address(request):
    return request.META.get("HTTP_X_REAL_IP") or request.META["REMOTE_ADDR"]


RATELIMIT_IP_META_KEY = visitor_address
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_REAL_IP", "REMOTE_ADDR")
# One address in one header, no chain of proxies to count: a count of 1 makes ipware find none.
AXES_IPWARE_PROXY_COUNT = 0
