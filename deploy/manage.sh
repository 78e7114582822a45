#!/usr/bin/env bash
# manage.py with the working server's settings, for commands run by hand:
#
#     sudo -u portal /srv/portal/app/deploy/manage.sh createsuperuser
#
# The settings are those of the file PORTAL_ENV_FILE names (/etc/portal/portal.env unless set),
# the one the systemd units read; a variable set in the environment wins over the file.
set -euo pipefail

export PORTAL_ENV_FILE=${PORTAL_ENV_FILE:-/etc/portal/portal.env}
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_settings
cd "$PROJECT_DIR"
exec "$PYTHON" manage.py "$@"
