#!/usr/bin/env bash
# Runs once, on an empty data folder (the postgres image's /docker-entrypoint-initdb.d contract):
# creates the application's role (password from $APP_DB_PASSWORD_FILE), its database and the
# refactor_platform schema. The SQL is shared with `nx run db:rebuild-db` (sql/ is not run by the
# entrypoint itself: it only runs files at the top of the folder).
set -euo pipefail

if [ -z "${APP_DB_PASSWORD_FILE:-}" ] || [ ! -s "$APP_DB_PASSWORD_FILE" ]; then
  echo "error: APP_DB_PASSWORD_FILE must name a file holding the application role's password" >&2
  exit 1
fi
here="$(dirname "${BASH_SOURCE[0]}")/sql"
psql=(psql -v ON_ERROR_STOP=1 -q -v db="$POSTGRES_DB" -v app_user="${APP_DB_USER:-refactor}"
      -v app_password="$(< "$APP_DB_PASSWORD_FILE")" -v schema="${APP_DB_SCHEMA:-refactor_platform}")
"${psql[@]}" --dbname postgres -f "$here/create-database.sql"
"${psql[@]}" --dbname "$POSTGRES_DB" -f "$here/create-schema.sql"
echo "created role ${APP_DB_USER:-refactor}, database $POSTGRES_DB and schema ${APP_DB_SCHEMA:-refactor_platform}"
