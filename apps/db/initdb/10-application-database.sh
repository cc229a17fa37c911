#!/usr/bin/env bash
# Runs once, on an empty data folder (the postgres image's /docker-entrypoint-initdb.d contract): creates the
# migrator role (password from $MIGRATOR_DB_PASSWORD_FILE), the database and the refactor_platform schema, both
# owned by it. 20-application-role.sh then adds the api's role. The SQL is shared with `nx run db:rebuild-db` (sql/
# and lib/ are not run by the entrypoint itself: it only runs files at the top of the folder).
set -euo pipefail

if [ -z "${MIGRATOR_DB_PASSWORD_FILE:-}" ] || [ ! -s "$MIGRATOR_DB_PASSWORD_FILE" ]; then
  echo "error: MIGRATOR_DB_PASSWORD_FILE must name a file holding the migrator role's password" >&2
  exit 1
fi
here="$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=lib/role-password.sh
source "$here/lib/role-password.sh"
migrator="${MIGRATOR_DB_USER:-refactor}"
schema="${APP_DB_SCHEMA:-refactor_platform}"
psql=(psql -X -v ON_ERROR_STOP=1 -q -v db="$POSTGRES_DB" -v migrator="$migrator" -v schema="$schema" -f -)
"${psql[@]}" --dbname postgres < "$here/sql/create-database.sql"
set_role_password "$migrator" "$MIGRATOR_DB_PASSWORD_FILE" --dbname postgres
"${psql[@]}" --dbname "$POSTGRES_DB" < "$here/sql/create-schema.sql"
echo "created role $migrator, database $POSTGRES_DB and schema $schema, owned by $migrator"
