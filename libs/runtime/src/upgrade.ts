import type { PlatformSettings, ServiceName } from '@coaching/platform-model';
import type { Reporter } from '@coaching/process';
import { takeBackup } from './database';
import { displayPath } from './paths';
import type { DatabaseTools, RunningInstance, Runtime } from './runtime';

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
 * Applies the migrations the new build brings, after a backup when `backup` is asked for and the database already
 * has migrations applied. Throws MigrationFailed when they fail.
 */
export async function upgradeSchema(
  tools: DatabaseTools,
  settings: PlatformSettings,
  reporter: Reporter,
  options: { backup: boolean },
): Promise<SchemaUpgrade> {
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
 * What `up` did to each of `services`, from the instances running before and after: `started`, `unchanged`,
 * `restarted (new image|binary)` when its build changed, `restarted` when only its configuration did.
 */
export function serviceChanges(
  services: readonly ServiceName[],
  before: Partial<Record<ServiceName, RunningInstance>>,
  after: Partial<Record<ServiceName, RunningInstance>>,
  buildKind: Runtime['buildKind'],
): string[] {
  return services.map((service) => {
    const was = before[service];
    const is = after[service];
    if (!is) return `${service}: not running`;
    if (!was) return `${service}: started`;
    if (was.instance === is.instance) return `${service}: unchanged`;
    return `${service}: restarted${was.build === is.build ? '' : ` (new ${buildKind})`}`;
  });
}

/** The one line `up` ends with: "api: restarted (new image) · web: unchanged · migrations: 1 applied · backup: backups/…". */
export function upgradeSummary(changes: readonly string[], schema: SchemaUpgrade | undefined, workspaceRoot: string): string {
  const parts = [...changes];
  if (schema) {
    parts.push(`migrations: ${schema.applied.length === 0 ? 'none pending' : `${schema.applied.length} applied`}`);
    if (schema.backup) parts.push(`backup: ${displayPath(schema.backup, workspaceRoot)}`);
    else if (schema.backupSkipped) parts.push(`backup: ${schema.backupSkipped}`);
  }
  return parts.join(' · ');
}
