#!/usr/bin/env bash
# The deployment spec's ./scripts/rebuild_db.sh, kept for people who follow it. The work is done by
# `nx run db:rebuild-db` (the same on Linux and macOS): back up, drop and recreate the database,
# role and schema, migrate, seed. Arguments pass through, e.g. --yes.
set -euo pipefail
cd "$(dirname "$0")/.."
exec npx nx run db:rebuild-db --tui=false "$@"
