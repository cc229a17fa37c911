import { expect } from 'vitest';
import { localDatabaseUrl, PLATFORM_SCHEMA, type DatabaseRole, type PlatformSettings } from '@coaching/platform-model';
import { queryRows } from '@coaching/runtime';

/** One statement as `role`, over the published port with its password as the apps log in; rows as `a|b` lines. */
export function queryAs(settings: PlatformSettings, role: DatabaseRole, sql: string): Promise<string> {
  return queryRows({ connectionString: localDatabaseUrl(settings, role) }, sql);
}

/** On a running platform: every other session on the application's database (the api's pool) is the application role's. */
export async function expectApiAsApplicationRole(settings: PlatformSettings): Promise<void> {
  // Only the user and database of other roles' sessions are visible: autovacuum's have no user.
  const sessions = `SELECT DISTINCT usename FROM pg_stat_activity
    WHERE datname = '${settings.database.name}' AND usename IS NOT NULL AND pid <> pg_backend_pid()`;
  expect(await queryAs(settings, 'migrator', sessions)).toBe(settings.database.app.user);
}

/**
 * On a migrated database: the application role reads and writes rows but can neither drop, alter, truncate nor
 * create a table; the migrator owns every table.
 */
export async function expectDataRightsOnly(settings: PlatformSettings): Promise<void> {
  const owners = `SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = '${PLATFORM_SCHEMA}'`;
  expect(await queryAs(settings, 'app', owners)).toBe(settings.database.migrator.user);

  const asApp = (sql: string) => queryAs(settings, 'app', sql);
  await asApp(`INSERT INTO organizations (name, slug) VALUES ('Least privilege', 'least-privilege')`);
  expect(await asApp(`SELECT name FROM organizations WHERE slug = 'least-privilege'`)).toBe('Least privilege');
  await asApp(`DELETE FROM organizations WHERE slug = 'least-privilege'`);
  await expect(asApp('DROP TABLE notes')).rejects.toThrow(/must be owner of table notes/);
  await expect(asApp('ALTER TABLE users ADD COLUMN nickname text')).rejects.toThrow(/must be owner of table users/);
  await expect(asApp('TRUNCATE users CASCADE')).rejects.toThrow(/permission denied for table/);
  await expect(asApp(`CREATE TABLE ${PLATFORM_SCHEMA}.intruder (id int)`)).rejects.toThrow(/permission denied for schema/);
}
