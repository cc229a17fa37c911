import type { ExecutorContext } from '@nx/devkit';
import { describe, openRuntime } from '../platform';
import type { PsqlExecutorOptions } from './schema';

export default async function psqlExecutor(options: PsqlExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const { runtime } = await openRuntime(options.runtime, context);
    await runtime.database.psql(options.command);
    return { success: true };
  } catch (error) {
    console.error(`psql failed: ${describe(error)}`);
    return { success: false };
  }
}
