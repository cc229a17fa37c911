#!/usr/bin/env bash
# The api's application role (password from $APP_DB_PASSWORD_FILE) with data rights only: sql/application-role.sql,
# idempotent. Runs on an empty data folder after 10-application-database.sh, over the server's socket; and on every
# `docker compose up` as the one-shot db-roles service (PGHOST=db, the superuser's password from
# $SUPERUSER_PASSWORD_FILE), so a volume made before this role existed converges before anything migrates.
set -euo pipefail

for file_variable in APP_DB_PASSWORD_FILE ${SUPERUSER_PASSWORD_FILE:+SUPERUSER_PASSWORD_FILE}; do
  if [ ! -s "${!file_variable:-}" ]; then
    echo "error: $file_variable must name a file holding a password" >&2
    exit 1
  fi
done
if [ -n "${SUPERUSER_PASSWORD_FILE:-}" ]; then
  # In psql's environment, not on its command line.
  PGPASSWORD="$(< "$SUPERUSER_PASSWORD_FILE")"
  export PGPASSWORD
fi
here="$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=lib/role-password.sh
source "$here/lib/role-password.sh"
migrator="${MIGRATOR_DB_USER:-refactor}"
app_user="${APP_DB_USER:-refactor_app}"
schema="${APP_DB_SCHEMA:-refactor_platform}"
# The same SETs as psqlScriptWithSettings (libs/stack/src/psql.ts).
{
  echo "SET platform.schema = :'schema';"
  echo "SET platform.migrator = :'migrator';"
  echo "SET platform.app_user = :'app_user';"
  cat "$here/sql/application-role.sql"
} | psql -X -v ON_ERROR_STOP=1 -q -v schema="$schema" -v migrator="$migrator" -v app_user="$app_user" --dbname "$POSTGRES_DB" -f -
set_role_password "$app_user" "$APP_DB_PASSWORD_FILE" --dbname "$POSTGRES_DB"
echo "role $app_user: data rights only on schema $schema (owned by $migrator)"
