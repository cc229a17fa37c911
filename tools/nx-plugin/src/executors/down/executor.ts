import { logger } from '@nx/devkit';
import { executor, Refusal } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { DownExecutorOptions } from './schema';

export default executor<DownExecutorOptions>('down', async (options, context) => {
  const { runtime, settings } = await openRuntime(options.runtime, context);
  if (options.volumes && settings.runtimeEnv === 'production') {
    throw new Refusal('down --volumes refuses to delete data with RUNTIME_ENV=production.');
  }
  if (options.volumes && !options.yes) {
    throw new Refusal("down --volumes deletes the database's data for good: run it again with --yes to confirm.");
  }
  await runtime.down({ volumes: options.volumes === true });
  logger.info(options.volumes ? `Stopped (${runtime.name}); the database's data was deleted.` : `Stopped (${runtime.name}); data kept.`);
});
