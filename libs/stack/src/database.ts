import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { migrateAndSeed } from './platform/migrate-and-seed';
import { PLATFORM_SCHEMA } from './platform/model';
import type { DatabaseTools } from './runtime';
import type { PlatformSettings } from './settings';

/** `<database>-20261126-143005.dump`: sorts by time, says what it holds. */
export function backupFileName(settings: PlatformSettings, at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${settings.database.name}-${stamp}.dump`;
}

/** A pg_dump (custom format) of the application's database in BACKUP_DIR (`backups/`); returns its path. */
export async function takeBackup(tools: DatabaseTools, settings: PlatformSettings): Promise<string> {
  await mkdir(settings.backupDir, { recursive: true });
  const file = join(settings.backupDir, backupFileName(settings));
  await tools.dump(file);
  return file;
}

/** Whether the platform's schema holds any table (a database worth backing up). */
export async function hasData(tools: DatabaseTools): Promise<boolean> {
  try {
    const tables = await tools.query(`SELECT count(*) FROM pg_tables WHERE schemaname = '${PLATFORM_SCHEMA}'`);
    return Number(tables) > 0;
  } catch {
    return false; // no database or role yet
  }
}

/**
 * What `rebuild_db.sh` always did, now the same on Linux and macOS and in both runtimes: back up what is there,
 * drop and recreate the role, database and schema, apply the migrations, load the demo data (development).
 * Returns the backup file, if one was taken.
 */
export async function rebuildDatabase(
  tools: DatabaseTools,
  workspaceRoot: string,
  settings: PlatformSettings,
  options: { backup: boolean },
): Promise<string | undefined> {
  const backup = options.backup && (await hasData(tools)) ? await takeBackup(tools, settings) : undefined;
  if (backup) console.log(`Backed up the current data to ${backup}`);
  const sql = (file: string) => join(workspaceRoot, 'apps', 'db', 'initdb', 'sql', file);
  const { name, user, password } = settings.database;
  console.log(`Recreating role ${user}, database ${name} and schema ${PLATFORM_SCHEMA}`);
  await tools.runSqlFile(sql('create-database.sql'), { db: name, app_user: user, app_password: password }, 'postgres');
  await tools.runSqlFile(sql('create-schema.sql'), { schema: PLATFORM_SCHEMA, app_user: user }, name);
  await migrateAndSeed(tools, settings);
  return backup;
}
