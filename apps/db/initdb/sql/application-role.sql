-- The application role (the api's login): data rights only. It reads and writes rows of the platform's tables
-- and cannot create, alter or drop anything; the migrator keeps the schema. Idempotent: run on every `up`, so a
-- database made before this role existed converges, and after every (re)creation.
-- Inputs are session settings, so psql and the node client run this same file: platform.schema, platform.migrator,
-- platform.app_user (see grantApplicationRole in libs/stack/src/database.ts). The role's password follows, from a
-- verifier computed by the client (role-password.sql; psql's \password in the db image). Run as a superuser,
-- connected to the application's database.
DO $application_role$
DECLARE
  platform_schema text := current_setting('platform.schema');
  migrator text := current_setting('platform.migrator');
  app_user text := current_setting('platform.app_user');
BEGIN
  IF app_user = migrator THEN
    RAISE EXCEPTION 'the application role must not be the migrator role %', migrator;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = app_user) THEN
    EXECUTE format('CREATE ROLE %I', app_user);
    RAISE NOTICE 'created role % (data rights only)', app_user;
  END IF;
  EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', app_user);
  EXECUTE format('ALTER ROLE %I SET search_path TO %I', app_user, platform_schema);
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), app_user);
  -- What the migrator creates from now on, in this database: without IN SCHEMA, so the grants also cover a schema
  -- that `migrate fresh` drops and creates again.
  EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I GRANT USAGE ON SCHEMAS TO %I', migrator, app_user);
  EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
                 migrator, app_user);
  EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I GRANT USAGE, SELECT ON SEQUENCES TO %I', migrator, app_user);
  -- What exists already (a database made before this role, or a schema made before the first migration).
  IF EXISTS (SELECT FROM pg_namespace WHERE nspname = platform_schema) THEN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', platform_schema, app_user);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', platform_schema, app_user);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', platform_schema, app_user);
  END IF;
  -- Except the migrator's bookkeeping, which the grants above reach too: a role that could rewrite it could make a
  -- changed migration look applied (the migration runner revokes it as well, for a table made after this ran).
  IF to_regclass(format('%I.seaql_migrations', platform_schema)) IS NOT NULL THEN
    EXECUTE format('REVOKE ALL ON TABLE %I.seaql_migrations FROM %I', platform_schema, app_user);
  END IF;
END
$application_role$;
