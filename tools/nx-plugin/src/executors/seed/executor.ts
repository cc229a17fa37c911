import type { ExecutorContext } from '@nx/devkit';
import { buildFor, describe, openRuntime } from '../platform';
import type { SeedExecutorOptions } from './schema';

export default async function seedExecutor(options: SeedExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const { runtime } = await openRuntime(options.runtime, context);
    if (options.build !== false) await buildFor(runtime, ['api'], context.root);
    // The api refuses to seed in production; that rule lives in one place.
    await runtime.database.api(['seed']);
    return { success: true };
  } catch (error) {
    console.error(`seed failed: ${describe(error)}`);
    return { success: false };
  }
}
