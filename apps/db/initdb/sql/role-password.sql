-- Sets a role's password from its SCRAM-SHA-256 verifier, computed by the client (scramSha256Verifier in
-- libs/stack/src/scram.ts): the password itself never reaches the server, so no statement in pg_stat_activity or the
-- server's log holds it. The db image's scripts do the same with psql's \password (lib/role-password.sh).
-- Inputs are session settings: platform.role, platform.password_verifier. Run as a superuser.
DO $role_password$
DECLARE
  role_name text := current_setting('platform.role');
  verifier text := current_setting('platform.password_verifier');
BEGIN
  -- The server would take anything else for a password and hash it: refuse it, without repeating it.
  IF verifier !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
    RAISE EXCEPTION 'platform.password_verifier must be a SCRAM-SHA-256 verifier, not a password';
  END IF;
  EXECUTE format('ALTER ROLE %I PASSWORD %L', role_name, verifier);
END
$role_password$;
