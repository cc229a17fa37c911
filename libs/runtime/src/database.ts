import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PLATFORM_SCHEMA, type PlatformSettings } from '@coaching/platform-model';
import type { Reporter } from '@coaching/process';
import type { DatabaseTools } from './runtime';
import { scramSha256Verifier } from './scram';

/** `<database>-20261126-143005.dump`: sorts by time, says what it holds. */
export function backupFileName(settings: PlatformSettings, at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${settings.database.name}-${stamp}.dump`;
}

/** The part of a backupFileName after `<database>-`. */
const BACKUP_STAMP = /^\d{8}-\d{6}\.dump$/;

/**
 * Of `files` (names in BACKUP_DIR), the backups of `database` beyond the newest `keep`, oldest first: what
 * `backup --keep` deletes. Only names backupFileName gives count, so nothing else in the folder is ever chosen;
 * their fixed-width UTC stamps sort by time.
 */
export function backupsBeyond(files: readonly string[], database: string, keep: number): string[] {
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keep must be a positive whole number of backups, not ${keep}`);
  const prefix = `${database}-`;
  const backups = files.filter((file) => file.startsWith(prefix) && BACKUP_STAMP.test(file.slice(prefix.length))).sort();
  return backups.slice(0, Math.max(0, backups.length - keep));
}

/** The stamp of a backupFileName as the time it was taken. */
function backupTime(stamp: string): Date {
  const [, year, month, day, hour, minute, second] = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(stamp) ?? [];
  return new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
}

/** The newest backup of the database in BACKUP_DIR taken before `time` (its path), if there is one. */
export async function backupBefore(settings: PlatformSettings, time: Date): Promise<string | undefined> {
  const prefix = `${settings.database.name}-`;
  const files = await readdir(settings.backupDir).catch(() => [] as string[]);
  const before = files
    .filter((file) => file.startsWith(prefix) && BACKUP_STAMP.test(file.slice(prefix.length)))
    // Stamps and migration times both have whole seconds: a backup of the same second came first.
    .filter((file) => backupTime(file.slice(prefix.length)) <= time)
    .sort();
  const newest = before.at(-1);
  return newest ? join(settings.backupDir, newest) : undefined;
}

/**
 * Deletes the backups of the database in BACKUP_DIR beyond the newest `keep` (backupsBeyond); returns their paths.
 * `kept` is never deleted: the backup just taken stays even if a clock set back made it sort first.
 */
export async function pruneBackups(settings: PlatformSettings, keep: number, kept: string): Promise<string[]> {
  const entries = await readdir(settings.backupDir, { withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
  const doomed = backupsBeyond(files, settings.database.name, keep)
    .map((file) => join(settings.backupDir, file))
    .filter((file) => file !== kept);
  for (const file of doomed) await rm(file);
  return doomed;
}

/**
 * A pg_dump (custom format) of the application's database in BACKUP_DIR (`backups/`); returns its path. The dump
 * holds every user's data: only its owner may read it, whichever runtime writes it.
 */
export async function takeBackup(tools: DatabaseTools, settings: PlatformSettings): Promise<string> {
  await mkdir(settings.backupDir, { recursive: true, mode: 0o700 });
  const file = join(settings.backupDir, backupFileName(settings));
  // Created owner-only before the dump: pg_dump and the container's output then write into it, keeping its mode.
  const created = await open(file, 'w', 0o600);
  await created.chmod(0o600);
  await created.close();
  await tools.dump(file).catch(async (error: unknown) => {
    await rm(file, { force: true });
    throw error;
  });
  return file;
}

/**
 * Whether the platform's schema holds any table (a database worth backing up). Asked as the superuser, so only a
 * missing database means "nothing yet"; any other failure (server down, refused login) stops the caller.
 */
export async function hasData(tools: DatabaseTools, settings: PlatformSettings): Promise<boolean> {
  const { name } = settings.database;
  const exists = await tools.queryAsSuperuser(`SELECT count(*) FROM pg_database WHERE datname = '${name.replace(/'/g, "''")}'`, 'postgres');
  if (Number(exists) === 0) return false;
  const tables = await tools.queryAsSuperuser(`SELECT count(*) FROM pg_tables WHERE schemaname = '${PLATFORM_SCHEMA}'`, name);
  return Number(tables) > 0;
}

/** One of the SQL files of apps/db/initdb/sql/, which the db image's init scripts, `up`, rebuild-db and restore run. */
function initdbSql(workspaceRoot: string, file: string): string {
  return join(workspaceRoot, 'apps', 'db', 'initdb', 'sql', file);
}

/**
 * Sets `role`'s password from its SCRAM-SHA-256 verifier, computed here: the password itself never reaches the server
 * (`role-password.sql`).
 */
async function setRolePassword(tools: DatabaseTools, workspaceRoot: string, role: string, password: string): Promise<void> {
  const inputs = { role, password_verifier: scramSha256Verifier(password) };
  await tools.runSqlFileWithSettings(initdbSql(workspaceRoot, 'role-password.sql'), inputs, 'postgres');
}

/**
 * Makes sure the application role exists with its password and has data rights only, now and on what the migrator
 * creates later (`application-role.sql`). Idempotent; `up` runs it before migrating in both runtimes, so a database
 * made when the api still logged in as the schema's owner converges.
 */
export async function grantApplicationRole(
  tools: DatabaseTools,
  workspaceRoot: string,
  settings: PlatformSettings,
  reporter: Reporter,
): Promise<void> {
  const { name, migrator, app } = settings.database;
  reporter.progress(`Granting role ${app.user} data rights only on schema ${PLATFORM_SCHEMA} (its owner, ${migrator.user}, migrates)`);
  const inputs = { schema: PLATFORM_SCHEMA, migrator: migrator.user, app_user: app.user };
  for (const notice of await tools.runSqlFileWithSettings(initdbSql(workspaceRoot, 'application-role.sql'), inputs, name)) {
    reporter.info(notice);
  }
  await setRolePassword(tools, workspaceRoot, app.user, app.password);
}

/**
 * Drops and creates again the migrator role (with its password), the application's database and the platform's
 * schema, as the db image's 10-application-database.sh does on an empty volume.
 */
export async function createDatabase(tools: DatabaseTools, workspaceRoot: string, settings: PlatformSettings): Promise<void> {
  const { name, migrator } = settings.database;
  await tools.runSqlFile(initdbSql(workspaceRoot, 'create-database.sql'), { db: name, migrator: migrator.user }, 'postgres');
  await setRolePassword(tools, workspaceRoot, migrator.user, migrator.password);
  await tools.runSqlFile(initdbSql(workspaceRoot, 'create-schema.sql'), { schema: PLATFORM_SCHEMA, migrator: migrator.user }, name);
}

/**
 * Loads a backup (`tools.restore`), then voids what lets someone in without a password: the backup may be old, and
 * the login sessions and links it holds may have been ended or used since (`void-passwordless-access.sql`). Returns
 * what was voided, a line per table.
 */
export async function restoreBackup(tools: DatabaseTools, workspaceRoot: string, settings: PlatformSettings, file: string): Promise<string[]> {
  await tools.restore(file);
  const voidAccess = initdbSql(workspaceRoot, 'void-passwordless-access.sql');
  return tools.runSqlFileWithSettings(voidAccess, { schema: PLATFORM_SCHEMA }, settings.database.name).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the backup is restored, but its login sessions and links could not be voided and may still work (restore again): ${reason}`);
  });
}

/**
 * The number of rows of every table of the platform's schema, by table name: `move-data` compares them before and
 * after. The statement is built by the database itself (`format` quotes the names).
 */
export async function tableRowCounts(tools: DatabaseTools): Promise<Record<string, number>> {
  const statement = await tools.query(
    "SELECT string_agg(format('SELECT %L, count(*) FROM %I.%I', tablename, schemaname, tablename), ' UNION ALL ' ORDER BY tablename) " +
      `FROM pg_tables WHERE schemaname = '${PLATFORM_SCHEMA}'`,
  );
  if (statement === '') return {};
  const rows = (await tools.query(statement)).split('\n').filter(Boolean);
  return Object.fromEntries(rows.map((row) => row.split('|')).map(([table, count]) => [table, Number(count)]));
}
