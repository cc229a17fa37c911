import type { ExecutorContext } from '@nx/devkit';
import { statusTable } from '@coaching/stack';
import { describe, openRuntime } from '../platform';
import type { StatusExecutorOptions } from './schema';

export default async function statusExecutor(options: StatusExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const { runtime } = await openRuntime(options.runtime, context);
    console.log(`Runtime: ${runtime.name}\n`);
    console.log(statusTable(await runtime.status()));
    return { success: true };
  } catch (error) {
    console.error(`status failed: ${describe(error)}`);
    return { success: false };
  }
}
