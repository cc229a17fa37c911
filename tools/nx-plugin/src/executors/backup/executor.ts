import { logger } from '@nx/devkit';
import { copyOffsite, pruneBackups, takeBackup } from '@coaching/runtime';
import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { BackupExecutorOptions } from './schema';

export default executor<BackupExecutorOptions>('backup', async (options, context) => {
  const { runtime, settings } = await openRuntime(options.runtime, context);
  const file = await takeBackup(runtime.database, settings);
  logger.info(`Backed up ${settings.database.name} to ${file}`);
  if (settings.offsite) {
    logger.info(`Copying it off-site to ${settings.offsite.repository} (encrypted with age, then restic)...`);
    const copy = await copyOffsite(settings.offsite, file, settings.backupDir);
    logger.info(
      `Off-site: snapshot ${copy.snapshot}${copy.created ? ' (in a repository created now)' : ''}; ${copy.forgotten} older snapshot(s) pruned; restic check: no errors`,
    );
  }
  // Only once the new backup is complete: a failed one threw above, deleting nothing.
  if (options.keep === undefined) return;
  const deleted = await pruneBackups(settings, options.keep, file);
  logger.info(
    deleted.length === 0
      ? `Kept every backup of ${settings.database.name} (at most ${options.keep})`
      : `Deleted ${deleted.length} backup(s) beyond the newest ${options.keep}:\n${deleted.map((path) => `  ${path}`).join('\n')}`,
  );
});
