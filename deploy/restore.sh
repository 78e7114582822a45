#!/usr/bin/env bash
# Puts a backup made by deploy/backup.sh back: into an empty database and empty file stores.
#
#     deploy/restore.sh /var/backups/portal/portal-YYYYMMDD-HHMMSS
#
# Where to comes from the same settings as the site's (DATABASE_URL, MEDIA_ROOT,
# PRIVATE_MEDIA_ROOT, DJANGO_SETTINGS_MODULE), from the environment or the file PORTAL_ENV_FILE
# names; a variable set in the environment wins over the file. The database must exist and be
# empty (createdb -O portal portal_new), the two folders empty or absent: a restore never mixes
# with what is there, and never overwrites it.
#
# Steps: check the backup's checksums; pg_restore --no-owner in one transaction (all or
# nothing); unpack the files; `manage.py migrate` (a no-op for a backup of this code, the
# missing migrations for an older one); empty the shared cache (Redis), whose pages came from
# the database before. Elasticsearch is not touched: see the last message.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -eq 1 ] || die "укажите папку резервной копии: $0 /var/backups/portal/portal-ГГГГММДД-ЧЧММСС"
backup=$(cd "$1" 2>/dev/null && pwd) || die "папки $1 нет."
for name in database.dump media.tar private-media.tar SHA256SUMS; do
    [ -f "$backup/$name" ] || die "в $backup нет $name: это не резервная копия deploy/backup.sh или она неполная."
done

load_settings
started=$(date +%s)

say "Проверяю контрольные суммы $backup"
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || die "контрольные суммы не совпали: копия повреждена."

tables=$(psql --no-psqlrc --tuples-only --no-align --quiet --command \
    "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'") ||
    die "нет доступа к базе $PGDATABASE (создайте пустую: createdb -O ВЛАДЕЛЕЦ $PGDATABASE)."
[ "$tables" = 0 ] || die "база $PGDATABASE не пуста ($tables объектов в схеме public): восстановление идёт только в пустую базу."

for dir in "$MEDIA_DIR" "$PRIVATE_MEDIA_DIR"; do
    if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
        die "папка $dir не пуста: восстановление идёт только в пустую папку."
    fi
done

say "Восстанавливаю базу данных в $PGDATABASE"
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$PGDATABASE" "$backup/database.dump"

say "Распаковываю файлы в $MEDIA_DIR и $PRIVATE_MEDIA_DIR"
mkdir -p "$MEDIA_DIR"
tar --extract --file="$backup/media.tar" --directory="$MEDIA_DIR" --no-same-owner
# Programme documents are read only through scoped views: the web server's user must not reach them.
mkdir -p "$PRIVATE_MEDIA_DIR"
chmod 700 "$PRIVATE_MEDIA_DIR"
tar --extract --file="$backup/private-media.tar" --directory="$PRIVATE_MEDIA_DIR" --no-same-owner
chmod 700 "$PRIVATE_MEDIA_DIR"

say "Применяю миграции"
manage migrate --noinput

if [ -n "${SHARED_CACHE:-}" ]; then
    say "Очищаю общий кэш"
    manage shell --no-imports --command "from django.core.cache import cache; cache.clear()"
fi

say "Восстановлено за $(($(date +%s) - started)) с."
if [ -n "${SEARCH_MIRROR:-}" ]; then
    say "Elasticsearch не тронут. Когда сайт переключён на эту базу: python manage.py rebuild_bank_index"
fi
