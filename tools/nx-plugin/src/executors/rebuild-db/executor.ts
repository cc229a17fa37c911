import { logger } from '@nx/devkit';
import { rebuildDatabase } from '@coaching/runtime';
import { requireConfirmation } from '../shared/confirm';
import { executor, Refusal } from '../shared/executor';
import { nxReporter } from '../shared/reporter';
import { buildFor, openRuntime } from '../shared/runtime';
import type { RebuildDbExecutorOptions } from './schema';

export default executor<RebuildDbExecutorOptions>('rebuild-db', async (options, context) => {
  const { runtime, settings } = await openRuntime(options.runtime, context);
  if (settings.runtimeEnv === 'production') {
    throw new Refusal('rebuild-db deletes the database: refused with RUNTIME_ENV=production.');
  }
  const backup = options.backup !== false;
  const how = backup ? ' (a backup is taken first)' : ', without a backup';
  await requireConfirmation(`This deletes database ${settings.database.name} and recreates it with demo data${how}.`, options.yes);
  if (options.build !== false) await buildFor(runtime, ['api'], context.root);
  await rebuildDatabase(runtime.database, context.root, settings, nxReporter, { backup });
  logger.info('Database rebuilt.');
});
