import type { ExecutorContext } from '@nx/devkit';
import { describe, openRuntime } from '../platform';
import type { DownExecutorOptions } from './schema';

export default async function downExecutor(options: DownExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const { runtime, settings } = await openRuntime(options.runtime, context);
    if (options.volumes && settings.runtimeEnv === 'production') {
      console.error('down --volumes refuses to delete data with RUNTIME_ENV=production.');
      return { success: false };
    }
    if (options.volumes && !options.yes) {
      console.error("down --volumes deletes the database's data for good: run it again with --yes to confirm.");
      return { success: false };
    }
    await runtime.down({ volumes: options.volumes === true });
    console.log(options.volumes ? `Stopped (${runtime.name}); the database's data was deleted.` : `Stopped (${runtime.name}); data kept.`);
    return { success: true };
  } catch (error) {
    console.error(`down failed: ${describe(error)}`);
    return { success: false };
  }
}
