import { takeBackup } from '@coaching/runtime';
import type { Platform } from './platform';

/** What `up` did to the schema: the migrations it applied and the backup taken just before them. */
export interface SchemaUpgrade {
  applied: readonly string[];
  /** The backup's path; undefined when nothing was applied or there was nothing to back up (see `backupSkipped`). */
  backup?: string;
  /** Why no backup was taken although migrations were applied. */
  backupSkipped?: string;
}

/** A migration failed: the migrations of one run commit together, so the schema is as it was before. */
export class MigrationFailed extends Error {
  override readonly name = 'MigrationFailed';

  constructor(cause: unknown, backup: string | undefined) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `The database migration failed (${reason}; its output is above). None of its migrations were applied and the ` +
        `running services were left as they were.${backup ? ` The backup taken just before: ${backup}.` : ''}`,
      { cause },
    );
  }
}

/** The migrations in `state` in the table `api migrate status` prints (`<name>  pending|applied  …`), in order. */
export function migrationsIn(status: string, state: 'pending' | 'applied'): string[] {
  return status
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, rowState]) => rowState === state)
    .map(([name]) => name);
}

/** The applied migrations in `api migrate status`'s table, with when each was applied (`<name>  applied  <date> <time> UTC  …`). */
export function appliedMigrations(status: string): { name: string; appliedAt: Date }[] {
  return status
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, state]) => state === 'applied')
    .map(([name, , date, time]) => ({ name, appliedAt: new Date(`${date}T${time}Z`) }));
}

/**
 * Applies the migrations the build brings, after a backup when `backup` is asked for and the database already has
 * migrations applied; nothing pending, nothing run. Throws MigrationFailed when they fail. `move-data` stops here:
 * the data it moves is not to be mixed with demo data.
 */
export async function upgradeSchema({ runtime, settings, reporter }: Platform, options: { backup: boolean }): Promise<SchemaUpgrade> {
  const tools = runtime.database;
  const status = await tools.apiOutput(['migrate', 'status']);
  const pending = migrationsIn(status, 'pending');
  if (pending.length === 0) return { applied: [] };
  // A schema with migrations applied holds the platform's data; a new database has nothing to lose.
  const worthBackingUp = migrationsIn(status, 'applied').length > 0;
  const backup = options.backup && worthBackingUp ? await takeBackup(tools, settings) : undefined;
  if (backup) reporter.info(`Backed up the database before migrating: ${backup}`);
  reporter.progress(`Applying ${pending.length} migration(s): ${pending.join(', ')}`);
  await tools.api(['migrate', 'up']).catch((error: unknown) => {
    throw new MigrationFailed(error, backup);
  });
  const backupSkipped = backup ? undefined : worthBackingUp ? 'skipped (--no-backup)' : 'none (a new database)';
  return { applied: pending, backup, backupSkipped };
}

/**
 * The one place that says in which order a database is made ready for the api: back up (when asked and there is
 * data), apply the pending migrations, then in development load the demo data (unchanged when already there).
 * `up` and `rebuild-db` run it in both runtimes (in Docker, compose.yaml's migrate and seed are its one-offs), and the
 * Rust tests with `testkit::migrate_and_seed`.
 */
export async function prepareDatabase(platform: Platform, options: { backup: boolean }): Promise<SchemaUpgrade> {
  const schema = await upgradeSchema(platform, options);
  if (platform.settings.runtimeEnv === 'development') {
    platform.reporter.progress('Loading demo data (development only; unchanged when already there)');
    await platform.runtime.database.api(['seed']);
  }
  return schema;
}
