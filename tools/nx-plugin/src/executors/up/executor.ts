import { logger } from '@nx/devkit';
import { entryPoint, statusTable, withPrerequisites } from '@coaching/stack';
import { executor } from '../shared/executor';
import { buildFor, openRuntime } from '../shared/runtime';
import { requireServiceNames } from '../shared/services';
import type { UpExecutorOptions } from './schema';

export default executor<UpExecutorOptions>('up', async (options, context) => {
  const requested = options.services ? requireServiceNames(options.services) : undefined;
  // --production: the production stack for this run, as RUNTIME_ENV=production in .env would (every other command
  // then needs that line too, to reach the same stack).
  const environment = options.production ? { ...process.env, RUNTIME_ENV: 'production' } : process.env;
  const { runtime, reason } = await openRuntime(options.runtime, context, environment);
  logger.info(`Runtime: ${runtime.name} (${reason})`);
  // What this runtime runs with its settings: production has no mail catcher.
  const services = withPrerequisites(requested ?? runtime.services).filter((service) => runtime.services.includes(service));

  if (await runtime.isUp(services)) {
    logger.info('Already running: nothing to do.\n');
    logger.info(statusTable(await runtime.status()));
    return true;
  }
  if (options.build !== false) await buildFor(runtime, services, context.root);
  const status = await runtime.up({ services });
  logger.info(`\n${statusTable(status)}\n`);
  const entry = entryPoint(status);
  if (entry) logger.info(`Open ${entry.url}`);
  const notReady = services.filter((service) => status.find((row) => row.service === service)?.health !== 'ready');
  if (notReady.length > 0) logger.error(`Not ready: ${notReady.join(', ')}; \`nx run platform:logs <service>\` shows why.`);
  return notReady.length === 0;
});
