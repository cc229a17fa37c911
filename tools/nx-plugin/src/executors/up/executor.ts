import type { ExecutorContext } from '@nx/devkit';
import { statusTable, withPrerequisites } from '@coaching/stack';
import { buildFor, describe, openRuntime, PLATFORM_SERVICES } from '../platform';
import type { UpExecutorOptions } from './schema';

export default async function upExecutor(options: UpExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const { runtime, reason } = await openRuntime(options.runtime, context);
    const services = withPrerequisites(options.services ?? PLATFORM_SERVICES);
    console.log(`Runtime: ${runtime.name} (${reason})`);

    if (await runtime.isUp(services)) {
      console.log('Already running: nothing to do.\n');
      console.log(statusTable(await runtime.status()));
      return { success: true };
    }
    if (options.build !== false) await buildFor(runtime, services, context.root);
    const status = await runtime.up({ services });
    console.log(`\n${statusTable(status)}\n`);
    const entry = ['web', 'api'].map((name) => status.find((row) => row.service === name && row.health === 'ready')).find(Boolean);
    if (entry) console.log(`Open ${entry.url}`);
    return { success: services.every((service) => status.find((row) => row.service === service)?.health === 'ready') };
  } catch (error) {
    console.error(`up failed: ${describe(error)}`);
    return { success: false };
  }
}
