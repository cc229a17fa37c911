import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { logger } from '@nx/devkit';
import type { PlatformSettings } from '@coaching/platform-model';
import { fetchOffsite, restoreBackup } from '@coaching/runtime';
import { fromWorkspaceRoot } from '../../utils/paths';
import { requireConfirmation } from '../shared/confirm';
import { executor, Refusal } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { RestoreExecutorOptions } from './schema';

export default executor<RestoreExecutorOptions>('restore', async (options, context) => {
  if (options.offsite === Boolean(options.file)) {
    throw new Refusal('restore: name a backup file (make restore file=backups/<file>.dump) or --offsite for the newest off-site backup, not both.');
  }
  const file = options.file && fromWorkspaceRoot(context.root, options.file);
  if (file && !existsSync(file)) throw new Refusal(`restore: no backup at ${file}; \`ls backups\` shows the ones there are.`);
  const { runtime, settings } = await openRuntime(options.runtime, context);
  if (settings.runtimeEnv === 'production' && !options.forceProduction) {
    throw new Refusal('restore replaces production data: refused with RUNTIME_ENV=production unless --force-production.');
  }
  const source = file ? options.file! : `the newest off-site backup in ${requireOffsite(settings, options).repository}`;
  await requireConfirmation(`This replaces the data of ${settings.database.name} with ${source}.`, options.yes);
  // The fetched dump holds every user's data: in an owner-only folder next to the backups, removed afterwards.
  if (!file) await mkdir(settings.backupDir, { recursive: true, mode: 0o700 });
  const fetched = file ? undefined : await mkdtemp(join(settings.backupDir, '.restore-'));
  try {
    const dump = file ?? (await fetchOffsite(requireOffsite(settings, options), fromWorkspaceRoot(context.root, options.identity!), fetched!, options.snapshot));
    if (fetched) logger.info(`Fetched and decrypted ${dump}`);
    const voided = await restoreBackup(runtime.database, context.root, settings, dump);
    logger.info(`Restored ${settings.database.name} from ${file ? options.file : dump}`);
    logger.info(`Voided what lets someone in without a password, as the backup may be old:\n  ${voided.join('\n  ')}`);
  } finally {
    if (fetched) await rm(fetched, { recursive: true, force: true });
  }
});

/** The off-site settings a restore --offsite needs, and its identity file. */
function requireOffsite(settings: PlatformSettings, options: RestoreExecutorOptions): NonNullable<PlatformSettings['offsite']> {
  if (!settings.offsite) throw new Refusal('restore --offsite needs OFFSITE_REPOSITORY, OFFSITE_RECIPIENTS and the repository password file in this server\'s settings (docs/production.md#disaster-recovery).');
  if (!options.identity) throw new Refusal('restore --offsite needs --identity=<file>: the age private key the off-site backups are encrypted to.');
  return settings.offsite;
}
