import { existsSync } from 'node:fs';
import { logger } from '@nx/devkit';
import { restoreBackup } from '@coaching/stack';
import { fromWorkspaceRoot } from '../../utils/paths';
import { requireConfirmation } from '../shared/confirm';
import { executor, Refusal } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { RestoreExecutorOptions } from './schema';

export default executor<RestoreExecutorOptions>('restore', async (options, context) => {
  const file = fromWorkspaceRoot(context.root, options.file);
  if (!existsSync(file)) throw new Refusal(`restore: no backup at ${file}; \`ls backups\` shows the ones there are.`);
  const { runtime, settings } = await openRuntime(options.runtime, context);
  if (settings.runtimeEnv === 'production' && !options.forceProduction) {
    throw new Refusal('restore replaces production data: refused with RUNTIME_ENV=production unless --force-production.');
  }
  await requireConfirmation(`This replaces the data of ${settings.database.name} with ${options.file}.`, options.yes);
  const voided = await restoreBackup(runtime.database, context.root, settings, file);
  logger.info(`Restored ${settings.database.name} from ${options.file}`);
  logger.info(`Voided what lets someone in without a password, as the backup may be old:\n  ${voided.join('\n  ')}`);
});
