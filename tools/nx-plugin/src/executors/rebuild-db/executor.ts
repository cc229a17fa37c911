import { logger } from '@nx/devkit';
import { rebuildDatabase } from '@coaching/use-cases';
import { requireConfirmation } from '../shared/confirm';
import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { RebuildDbExecutorOptions } from './schema';

/** Deletes the database and makes it again with demo data (the `rebuild-db` use case), after a yes. */
export default executor<RebuildDbExecutorOptions>('rebuild-db', async (options, context) => {
  const platform = await openRuntime(options.runtime, context);
  await rebuildDatabase(platform, {
    backup: options.backup !== false,
    build: options.build !== false,
    confirm: (question) => requireConfirmation(question, options.yes),
  });
  logger.info('Database rebuilt.');
});
