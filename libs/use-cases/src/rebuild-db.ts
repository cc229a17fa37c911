import { PLATFORM_SCHEMA } from '@coaching/platform-model';
import { createDatabase, grantApplicationRole, hasData, takeBackup } from '@coaching/runtime';
import type { Platform } from './platform';
import { Refusal, type Confirm } from './refusal';
import { prepareDatabase } from './schema';

export interface RebuildOptions {
  /** Back up what is there first. */
  backup: boolean;
  build: boolean;
  confirm: Confirm;
}

/**
 * What `rebuild_db.sh` always did, now the same on Linux and macOS and in both runtimes: back up what is there,
 * drop and recreate the migrator role, database and schema, grant the application role, then prepare it as `up`
 * does (migrations, demo data). Development only. Returns the backup file, if one was taken.
 */
export async function rebuildDatabase(platform: Platform, options: RebuildOptions): Promise<string | undefined> {
  const { runtime, settings, workspaceRoot, reporter } = platform;
  const { name, migrator } = settings.database;
  if (settings.runtimeEnv === 'production') throw new Refusal('rebuild-db deletes the database: refused with RUNTIME_ENV=production.');
  const how = options.backup ? ' (a backup is taken first)' : ', without a backup';
  await options.confirm(`This deletes database ${name} and recreates it with demo data${how}.`);
  if (options.build) await runtime.build(['api']);
  const tools = runtime.database;
  const worthBackingUp = async () =>
    hasData(tools, settings).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot tell whether database ${name} holds data to back up, so nothing was dropped: ${reason}`);
    });
  const backup = options.backup && (await worthBackingUp()) ? await takeBackup(tools, settings) : undefined;
  if (backup) reporter.info(`Backed up the current data to ${backup}`);
  reporter.progress(`Recreating role ${migrator.user}, database ${name} and schema ${PLATFORM_SCHEMA}`);
  await createDatabase(tools, workspaceRoot, settings);
  await grantApplicationRole(tools, workspaceRoot, settings, reporter);
  // A new, empty database: nothing to back up before migrating it.
  await prepareDatabase(platform, { backup: false });
  return backup;
}
