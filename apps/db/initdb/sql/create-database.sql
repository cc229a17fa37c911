-- (Re)creates the migrator role and the application's database, owned by it. Destroys both when they exist: used
-- once on a fresh cluster, and by rebuild-db after a backup. The application role is left to application-role.sql.
-- psql variables: db, migrator, migrator_password. Run as a superuser, connected to another database.
DROP DATABASE IF EXISTS :"db" WITH (FORCE);
DROP ROLE IF EXISTS :"migrator";
CREATE ROLE :"migrator" LOGIN PASSWORD :'migrator_password';
CREATE DATABASE :"db" OWNER :"migrator";
