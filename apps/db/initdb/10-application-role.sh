#!/usr/bin/env bash
# Runs once, on an empty data folder (postgres image's /docker-entrypoint-initdb.d contract):
# creates the application's login role with the password from $APP_DB_PASSWORD_FILE and the
# refactor_platform schema it owns. Migrations then run as that role.
set -euo pipefail

app_user="${APP_DB_USER:-refactor}"
schema="${APP_DB_SCHEMA:-refactor_platform}"
if [ -z "${APP_DB_PASSWORD_FILE:-}" ] || [ ! -s "$APP_DB_PASSWORD_FILE" ]; then
  echo "error: APP_DB_PASSWORD_FILE must name a file holding the application role's password" >&2
  exit 1
fi
app_password="$(< "$APP_DB_PASSWORD_FILE")"

psql -v ON_ERROR_STOP=1 --dbname "$POSTGRES_DB" \
  -v app_user="$app_user" -v app_password="$app_password" -v schema="$schema" -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password';
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"app_user";
CREATE SCHEMA :"schema" AUTHORIZATION :"app_user";
-- The application needs nothing in public.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER ROLE :"app_user" SET search_path TO :"schema";
SQL
echo "created role $app_user and schema $schema"
