-- The schema the platform's tables live in, owned by the migrator role, so migrations run as that role.
-- psql variables: schema, migrator. Run as a superuser, connected to the application's database.
CREATE SCHEMA :"schema" AUTHORIZATION :"migrator";
-- The application needs nothing in public.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER ROLE :"migrator" SET search_path TO :"schema";
