import { logger } from '@nx/devkit';
import { statusTable } from '@coaching/runtime';
import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { StatusExecutorOptions } from './schema';

export default executor<StatusExecutorOptions>('status', async (options, context) => {
  const opened = await openRuntime(options.runtime, context);
  logger.info(`Runtime: ${opened.runtime.name} (${opened.reason})\n`);
  logger.info(statusTable(await opened.runtime.status()));
  // Both runtimes use the same ports: what the other one runs keeps them.
  const other = await opened.alsoRunning();
  if (other) {
    const where = other.runtime.name === 'native' ? 'natively' : 'in Docker';
    logger.info(`\nAlso running ${where}: ${other.services.join(', ')}; stop with npx nx run platform:down --runtime=${other.runtime.name}`);
  }
});
