-- (Re)creates the migrator role and the application's database, owned by it. Destroys both when they exist: used
-- once on a fresh cluster, and by rebuild-db after a backup. The role's password follows, from a verifier computed by
-- the client (role-password.sql; psql's \password in the db image); the application role is left to
-- application-role.sql.
-- psql variables: db, migrator. Run as a superuser, connected to another database.
DROP DATABASE IF EXISTS :"db" WITH (FORCE);
DROP ROLE IF EXISTS :"migrator";
CREATE ROLE :"migrator" LOGIN;
CREATE DATABASE :"db" OWNER :"migrator";
