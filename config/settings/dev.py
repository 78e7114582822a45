from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-key-not-for-production-use-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
# Letters in the console, readable: decoded subject and body (config/dev_mail.py).
EMAIL_BACKEND = env("EMAIL_BACKEND", default="config.dev_mail.ReadableConsoleBackend")
# Links in letters point to the port `make demo` serves (PORT=8001 make demo).
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default=f"http://127.0.0.1:{env('PORT', default='8000')}")
