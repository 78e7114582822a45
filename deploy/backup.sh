#!/usr/bin/env bash
# A backup of the portal: the database (pg_dump, custom format) and both file stores (MEDIA_ROOT
# and PRIVATE_MEDIA_ROOT: uploaded images and documents, programme documents), in one folder
#
#     $BACKUP_DIR/portal-YYYYMMDD-HHMMSS/  database.dump  media.tar  private-media.tar  SHA256SUMS  MANIFEST
#
# which deploy/restore.sh puts back. The folder appears under its name only when complete (it is
# written as *.partial and renamed); folders older than BACKUP_KEEP_DAYS days are deleted.
#
# Settings come from the environment (systemd's EnvironmentFile in portal-backup.service), or
# from the file PORTAL_ENV_FILE names:
#     BACKUP_DIR        where backups go (default /var/backups/portal)
#     BACKUP_KEEP_DAYS  how many days of backups to keep (default 14)
#
# The database is dumped first, the files after it: every file a dumped row names is in the
# archive unless it was deleted in the seconds between (a file uploaded meanwhile is merely extra).
# The backup holds personal data (registrations, parents' requests): it is readable by its owner
# only, and copies leaving the server must be encrypted.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_settings

BACKUP_DIR=${BACKUP_DIR:-/var/backups/portal}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
[[ $BACKUP_KEEP_DAYS =~ ^[0-9]+$ ]] || die "BACKUP_KEEP_DAYS должно быть числом дней, а не «$BACKUP_KEEP_DAYS»."

umask 077
mkdir -p "$BACKUP_DIR"
target="$BACKUP_DIR/portal-$(date +%Y%m%d-%H%M%S)"
[ ! -e "$target" ] || die "$target уже есть: две копии в одну секунду?"
work="$target.partial"
mkdir "$work"
trap 'rm -rf "$work"' EXIT

started=$(date +%s)
say "Резервная копия в $target"
pg_dump --format=custom --file="$work/database.dump"
say "  база данных $PGDATABASE: $(du -h "$work/database.dump" | cut -f1)"

# tar exits with 1 when a file changed while it was read (an upload in progress): that file may be
# cut short, the rest is whole. Anything else is a failure.
archive() {
    local source=$1 archive=$2 status=0
    if [ -d "$source" ]; then
        tar --create --file="$archive" --directory="$source" --warning=no-file-changed . || status=$?
        [ "$status" -le 1 ] || die "tar не смог прочитать $source (код $status)."
    else
        # No uploads yet: an empty archive, so a restore finds what it expects.
        tar --create --file="$archive" --files-from=/dev/null
    fi
    say "  файлы $source: $(tar --list --file="$archive" | grep -vc '/$' || true) шт., $(du -h "$archive" | cut -f1)"
}
archive "$MEDIA_DIR" "$work/media.tar"
archive "$PRIVATE_MEDIA_DIR" "$work/private-media.tar"

{
    echo "created=$(date --iso-8601=seconds)"
    echo "database=$PGDATABASE"
    echo "media_root=$MEDIA_DIR"
    echo "private_media_root=$PRIVATE_MEDIA_DIR"
    echo "code=$(git -C "$PROJECT_DIR" rev-parse HEAD 2>/dev/null || echo unknown)"
    echo "pg_dump=$(pg_dump --version)"
} > "$work/MANIFEST"
(cd "$work" && sha256sum database.dump media.tar private-media.tar > SHA256SUMS)

mv "$work" "$target"
trap - EXIT
say "Готово за $(($(date +%s) - started)) с."

# Retention: whole backups older than BACKUP_KEEP_DAYS days, and leftovers of failed runs. The
# newest backup is never among them: it was written a moment ago.
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name 'portal-*' \
    \( -name '*.partial' -mtime +0 -o ! -name '*.partial' -mtime +"$BACKUP_KEEP_DAYS" \) \
    -print -exec rm -rf {} + | sed 's/^/  удалена старая копия /'
