import { logger } from '@nx/devkit';
import { withPrerequisites } from '@coaching/platform-model';
import { entryPoint, serviceChanges, statusTable, upgradeSchema, upgradeSummary, type SchemaUpgrade } from '@coaching/runtime';
import { executor, Refusal } from '../shared/executor';
import { nxReporter } from '../shared/reporter';
import { buildFor, openRuntime } from '../shared/runtime';
import { requireServiceNames } from '../shared/services';
import type { UpExecutorOptions } from './schema';

/**
 * Starts the platform, or brings a running one to what is checked out (an upgrade): builds what changed, backs up
 * and migrates the database when the new build brings migrations, replaces only the services whose build changed,
 * and says what it did in one line.
 */
export default executor<UpExecutorOptions>('up', async (options, context) => {
  const requested = options.services ? requireServiceNames(options.services) : undefined;
  // --production: the production stack for this run, as RUNTIME_ENV=production in .env would (every other command
  // then needs that line too, to reach the same stack).
  const environment = options.production ? { ...process.env, RUNTIME_ENV: 'production' } : process.env;
  const { runtime, settings, reason } = await openRuntime(options.runtime, context, environment);
  logger.info(`Runtime: ${runtime.name} (${reason})`);
  if (options.backup === false && settings.runtimeEnv === 'production') {
    throw new Refusal('Production backs up the database before every migration: --no-backup is refused with RUNTIME_ENV=production.');
  }
  // What this runtime runs with its settings: production has no mail catcher.
  const services = withPrerequisites(requested ?? runtime.services).filter((service) => runtime.services.includes(service));

  if (options.build !== false) await buildFor(runtime, services, context.root);
  const before = await runtime.instances();
  // The database and its schema first: a failing migration stops here, every running service as it was.
  let schema: SchemaUpgrade | undefined;
  if (services.includes('api')) {
    await runtime.startDatabase();
    schema = await upgradeSchema(runtime.database, settings, nxReporter, { backup: options.backup !== false });
  }
  const status = await runtime.up({ services });
  const changes = serviceChanges(services, before, await runtime.instances(), runtime.buildKind);
  logger.info(`\n${statusTable(status)}\n`);
  logger.info(upgradeSummary(changes, schema, context.root));
  const entry = entryPoint(status);
  if (entry) logger.info(`Open ${entry.url}`);
  const notReady = services.filter((service) => status.find((row) => row.service === service)?.health !== 'ready');
  if (notReady.length > 0) logger.error(`Not ready: ${notReady.join(', ')}; \`nx run platform:logs <service>\` shows why.`);
  return notReady.length === 0;
});
