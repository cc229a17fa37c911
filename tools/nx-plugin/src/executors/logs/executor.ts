import type { ExecutorContext } from '@nx/devkit';
import { describe, openRuntime } from '../platform';
import type { LogsExecutorOptions } from './schema';

export default async function logsExecutor(options: LogsExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const { runtime } = await openRuntime(options.runtime, context);
    await runtime.logs(options.service, options.follow !== false);
    return { success: true };
  } catch (error) {
    console.error(`logs failed: ${describe(error)}`);
    return { success: false };
  }
}
