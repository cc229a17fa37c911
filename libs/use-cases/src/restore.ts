import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { displayPath, fetchOffsite, restoreBackup } from '@coaching/runtime';
import type { Platform } from './platform';
import { Refusal, type Confirm } from './refusal';

export interface RestoreOptions {
  /** A backup file (absolute path), or the newest off-site backup (or `snapshot`), decrypted with the age key `identity`. */
  from: { file: string } | { offsite: { identity: string; snapshot?: string } };
  /** Restore production data too (refused otherwise). */
  forceProduction: boolean;
  confirm: Confirm;
}

export interface Restored {
  /** The dump that was loaded, as the person knows it. */
  dump: string;
  /** What was voided because the backup may be old, a line per table. */
  voided: string[];
}

/**
 * Replaces the database's data with a backup (a file, or the newest off-site copy, fetched and decrypted into an
 * owner-only folder next to the backups and removed afterwards), then voids what lets someone in without a password.
 */
export async function restore(platform: Platform, options: RestoreOptions): Promise<Restored> {
  const { runtime, settings, workspaceRoot, reporter } = platform;
  if (settings.runtimeEnv === 'production' && !options.forceProduction) {
    throw new Refusal('restore replaces production data: refused with RUNTIME_ENV=production unless --force-production.');
  }
  const { from } = options;
  if ('file' in from) {
    await options.confirm(`This replaces the data of ${settings.database.name} with ${displayPath(from.file, workspaceRoot)}.`);
    return { dump: displayPath(from.file, workspaceRoot), voided: await restoreBackup(runtime.database, workspaceRoot, settings, from.file) };
  }
  const offsite = settings.offsite;
  if (!offsite) {
    throw new Refusal(
      "restore --offsite needs OFFSITE_REPOSITORY, OFFSITE_RECIPIENTS and the repository password file in this server's settings (docs/production.md#disaster-recovery).",
    );
  }
  await options.confirm(`This replaces the data of ${settings.database.name} with the newest off-site backup in ${offsite.repository}.`);
  // The fetched dump holds every user's data.
  await mkdir(settings.backupDir, { recursive: true, mode: 0o700 });
  const fetched = await mkdtemp(join(settings.backupDir, '.restore-'));
  try {
    const dump = await fetchOffsite(offsite, from.offsite.identity, fetched, from.offsite.snapshot);
    reporter.info(`Fetched and decrypted ${dump}`);
    return { dump, voided: await restoreBackup(runtime.database, workspaceRoot, settings, dump) };
  } finally {
    await rm(fetched, { recursive: true, force: true });
  }
}
