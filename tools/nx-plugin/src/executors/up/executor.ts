import { logger } from '@nx/devkit';
import { entryPoint, statusTable } from '@coaching/runtime';
import { up, upgradeSummary } from '@coaching/use-cases';
import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import { requireServiceNames } from '../shared/services';
import type { UpExecutorOptions } from './schema';

/**
 * Starts the platform, or brings a running one to what is checked out (the `up` use case), and says what it did: the
 * status table, one summary line, the page to open, what is not ready.
 */
export default executor<UpExecutorOptions>('up', async (options, context) => {
  const services = options.services ? requireServiceNames(options.services) : undefined;
  // --production: the production stack for this run, as RUNTIME_ENV=production in .env would (every other command
  // then needs that line too, to reach the same stack).
  const environment = options.production ? { ...process.env, RUNTIME_ENV: 'production' } : process.env;
  const platform = await openRuntime(options.runtime, context, environment);
  logger.info(`Runtime: ${platform.runtime.name} (${platform.reason})`);
  const result = await up(platform, { services, build: options.build !== false, backup: options.backup !== false });
  logger.info(`\n${statusTable(result.status)}\n`);
  logger.info(upgradeSummary(result, context.root));
  const entry = entryPoint(result.status);
  if (entry) logger.info(`Open ${entry.url}`);
  if (result.notReady.length > 0) logger.error(`Not ready: ${result.notReady.join(', ')}; \`nx run platform:logs <service>\` shows why.`);
  return result.notReady.length === 0;
});
