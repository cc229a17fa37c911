import { logger } from '@nx/devkit';
import { statusTable } from '@coaching/runtime';
import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { StatusExecutorOptions } from './schema';

export default executor<StatusExecutorOptions>('status', async (options, context) => {
  const opened = await openRuntime(options.runtime, context);
  logger.info(`Runtime: ${opened.runtime.name} (${opened.reason})\n`);
  const rows = await opened.runtime.status();
  logger.info(statusTable(rows));
  // Mail on its way and mail given up on, as the api itself counts them (`api outbox status`).
  if (rows.some((row) => row.service === 'api' && row.health === 'ready')) {
    logger.info(`\n${(await opened.runtime.database.apiOutput(['outbox', 'status'])).trim()}`);
  }
  // Both runtimes use the same ports: what the other one runs keeps them.
  const other = await opened.alsoRunning();
  if (other) {
    const where = other.runtime.name === 'native' ? 'natively' : 'in Docker';
    logger.info(`\nAlso running ${where}: ${other.services.join(', ')}; stop with npx nx run platform:down --runtime=${other.runtime.name}`);
  }
});
