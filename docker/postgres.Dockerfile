# PostgreSQL for the platform: the official image plus init scripts that create the
# application's role and the refactor_platform schema on first start. No password is baked in:
# the superuser's comes from POSTGRES_PASSWORD_FILE, the application role's from
# APP_DB_PASSWORD_FILE (compose secrets).
# No `# syntax=` line: it would pull a frontend image.

# The base image, one home for its tag and, once pinned, its digest (docs/operations.md#base-images).
ARG POSTGRES_IMAGE=postgres:17
FROM ${POSTGRES_IMAGE}
COPY apps/db/initdb/ /docker-entrypoint-initdb.d/
