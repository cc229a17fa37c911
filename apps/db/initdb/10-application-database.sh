#!/usr/bin/env bash
# Runs once, on an empty data folder (the postgres image's /docker-entrypoint-initdb.d contract): creates the
# migrator role (password from $MIGRATOR_DB_PASSWORD_FILE), the database and the refactor_platform schema, both
# owned by it. 20-application-role.sh then adds the api's role. The SQL is shared with `nx run db:rebuild-db` (sql/
# is not run by the entrypoint itself: it only runs files at the top of the folder).
set -euo pipefail

if [ -z "${MIGRATOR_DB_PASSWORD_FILE:-}" ] || [ ! -s "$MIGRATOR_DB_PASSWORD_FILE" ]; then
  echo "error: MIGRATOR_DB_PASSWORD_FILE must name a file holding the migrator role's password" >&2
  exit 1
fi
here="$(dirname "${BASH_SOURCE[0]}")/sql"
migrator="${MIGRATOR_DB_USER:-refactor}"
schema="${APP_DB_SCHEMA:-refactor_platform}"
psql=(psql -v ON_ERROR_STOP=1 -q -v db="$POSTGRES_DB" -v migrator="$migrator" -v schema="$schema" -f -)
# The password reaches psql on its standard input: psql's backquotes run `cat`, never this command line.
# shellcheck disable=SC2016
{
  echo '\set migrator_password `cat "$MIGRATOR_DB_PASSWORD_FILE"`'
  cat "$here/create-database.sql"
} | "${psql[@]}" --dbname postgres
"${psql[@]}" --dbname "$POSTGRES_DB" < "$here/create-schema.sql"
echo "created role $migrator, database $POSTGRES_DB and schema $schema, owned by $migrator"
