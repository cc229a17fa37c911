-- After every restore: the backup may be old, so whatever it holds that lets someone in without a password is void
-- (login sessions, remembered devices, unused one-time links, pending invitations), and the rate limits start afresh.
-- Tables an older backup does not have yet are skipped. One NOTICE per table says what was done (`restore` prints them).
-- Here, with the other SQL the stack's runtimes run (the db image carries it but never runs it).
-- Inputs are session settings: platform.schema. Run as a superuser, connected to the application's database.
DO $void_passwordless_access$
DECLARE
  platform_schema text := current_setting('platform.schema');
  -- table, what its rows are, the statement that voids them, and what it did to them.
  steps text[][] := ARRAY[
    ['auth_sessions', 'login sessions', 'DELETE FROM %I.%I', 'deleted'],
    ['login_devices', 'remembered devices', 'DELETE FROM %I.%I', 'deleted'],
    ['one_time_links', 'unused one-time links', 'UPDATE %I.%I SET used_at = now() WHERE used_at IS NULL', 'marked used'],
    ['invitations', 'pending invitations',
     'UPDATE %I.%I SET revoked_at = now() WHERE accepted_at IS NULL AND revoked_at IS NULL', 'revoked'],
    ['throttle_buckets', 'rate-limit buckets', 'DELETE FROM %I.%I', 'deleted']
  ];
  step text[];
  voided bigint;
BEGIN
  FOREACH step SLICE 1 IN ARRAY steps LOOP
    IF to_regclass(format('%I.%I', platform_schema, step[1])) IS NULL THEN
      RAISE NOTICE '% (%): none, no such table in this database', step[2], step[1];
    ELSE
      EXECUTE format(step[3], platform_schema, step[1]);
      GET DIAGNOSTICS voided = ROW_COUNT;
      RAISE NOTICE '% (%) %: %', step[2], step[1], step[4], voided;
    END IF;
  END LOOP;
END
$void_passwordless_access$;
