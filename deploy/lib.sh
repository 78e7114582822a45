# shellcheck shell=bash
# Shared by backup.sh and restore.sh (sourced, not run).
#
# The scripts learn where the database and the files are from the portal's own settings, read
# the way the site reads them (django-environ, config/settings), never from a second copy of
# the configuration: what the site uses is what gets saved and restored.

PROJECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-$PROJECT_DIR/.venv/bin/python}

say() { printf '%s\n' "$*"; }
die() { printf 'Ошибка: %s\n' "$*" >&2; exit 1; }

# Exports the settings the scripts need: the server's environment file when PORTAL_ENV_FILE
# names one (a variable already set wins over the file, so a restore drill can point
# DATABASE_URL at another database), DJANGO_SETTINGS_MODULE (production unless set), PG* for
# pg_dump, pg_restore and psql, and MEDIA_DIR and PRIVATE_MEDIA_DIR, the two file stores.
load_settings() {
    local exports
    exports=$(cd "$PROJECT_DIR" && "$PYTHON" - <<'PY'
import os
import shlex
import sys

import environ

env_file = os.environ.get("PORTAL_ENV_FILE")
added = {}
if env_file:
    if not os.access(env_file, os.R_OK):
        sys.exit(f"Ошибка: файл окружения {env_file} не читается.")
    before = set(os.environ)
    environ.Env.read_env(env_file, overwrite=False)
    added = {key: os.environ[key] for key in set(os.environ) - before}
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
added["DJANGO_SETTINGS_MODULE"] = os.environ["DJANGO_SETTINGS_MODULE"]

from django.conf import settings  # noqa: E402

database = settings.DATABASES["default"]
if database["ENGINE"] != "django.db.backends.postgresql":
    sys.exit(f"Ошибка: резервное копирование умеет только PostgreSQL, а DATABASE_URL ведёт к {database['ENGINE']}.")
values = {
    "PGDATABASE": database["NAME"],
    "PGHOST": database.get("HOST") or "",
    "PGPORT": str(database.get("PORT") or ""),
    "PGUSER": database.get("USER") or "",
    "PGPASSWORD": database.get("PASSWORD") or "",
    "MEDIA_DIR": str(settings.MEDIA_ROOT),
    "PRIVATE_MEDIA_DIR": str(settings.STORAGES["private"]["OPTIONS"]["location"]),
    # A cache shared by server processes (Redis) keeps pages of the database it was filled from.
    "SHARED_CACHE": "" if "locmem" in settings.CACHES["default"]["BACKEND"] else "yes",
    "SEARCH_MIRROR": settings.ELASTICSEARCH_URL,
}
for key, value in {**added, **values}.items():
    # Empty means libpq's default (the local socket, the user's name), not an empty string.
    print(f"export {key}={shlex.quote(value)}" if value else f"unset {key}")
PY
    ) || exit 1
    eval "$exports"
}

manage() {
    (cd "$PROJECT_DIR" && "$PYTHON" manage.py "$@")
}
