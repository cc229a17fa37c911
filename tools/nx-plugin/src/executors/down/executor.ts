import { logger } from '@nx/devkit';
import { forgetRuntime } from '@coaching/runtime';
import { Refusal } from '@coaching/use-cases';
import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { DownExecutorOptions } from './schema';

/** Stops the platform; with `auto`, what runs in the other runtime too (data kept: --volumes is for the chosen one only). */
export default executor<DownExecutorOptions>('down', async (options, context) => {
  const opened = await openRuntime(options.runtime, context);
  const { runtime, settings } = opened;
  if (options.volumes && settings.runtimeEnv === 'production') {
    throw new Refusal('down --volumes refuses to delete data with RUNTIME_ENV=production.');
  }
  if (options.volumes && !options.yes) {
    throw new Refusal("down --volumes deletes the database's data for good: run it again with --yes to confirm.");
  }
  await runtime.down({ volumes: options.volumes === true });
  // Its data is gone: the next `auto` chooses afresh.
  if (options.volumes) await forgetRuntime(settings, runtime.name);
  logger.info(options.volumes ? `Stopped (${runtime.name}); the database's data was deleted.` : `Stopped (${runtime.name}); data kept.`);
  const other = await opened.alsoRunning();
  if (other) {
    await other.runtime.down({ volumes: false });
    const kept = options.volumes ? ` (--volumes deletes the chosen runtime's data only; add --runtime=${other.runtime.name} for this one's)` : '';
    logger.info(`Also stopped ${other.services.join(', ')} (${other.runtime.name}); its data kept${kept}.`);
  }
});
