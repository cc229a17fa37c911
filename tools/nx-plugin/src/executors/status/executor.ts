import { logger } from '@nx/devkit';
import { statusTable } from '@coaching/stack';
import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { StatusExecutorOptions } from './schema';

export default executor<StatusExecutorOptions>('status', async (options, context) => {
  const { runtime } = await openRuntime(options.runtime, context);
  logger.info(`Runtime: ${runtime.name}\n`);
  logger.info(statusTable(await runtime.status()));
});
