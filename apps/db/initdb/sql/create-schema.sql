-- The schema the platform's tables live in, owned by the application's role, so migrations run as
-- that role. psql variables: schema, app_user. Run as a superuser, connected to the application's database.
CREATE SCHEMA :"schema" AUTHORIZATION :"app_user";
-- The application needs nothing in public.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER ROLE :"app_user" SET search_path TO :"schema";
