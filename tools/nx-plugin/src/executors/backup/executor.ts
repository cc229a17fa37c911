import { logger } from '@nx/devkit';
import { takeBackup } from '@coaching/stack';
import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { BackupExecutorOptions } from './schema';

export default executor<BackupExecutorOptions>('backup', async (options, context) => {
  const { runtime, settings } = await openRuntime(options.runtime, context);
  const file = await takeBackup(runtime.database, settings);
  logger.info(`Backed up ${settings.database.name} to ${file}`);
});
