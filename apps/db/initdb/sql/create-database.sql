-- (Re)creates the application's role and database, owned by that role. Destroys both when they
-- exist: used once on a fresh cluster, and by rebuild-db after a backup.
-- psql variables: db, app_user, app_password. Run as a superuser, connected to another database.
DROP DATABASE IF EXISTS :"db" WITH (FORCE);
DROP ROLE IF EXISTS :"app_user";
CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password';
CREATE DATABASE :"db" OWNER :"app_user";
