import type { ExecutorContext } from '@nx/devkit';
import { rebuildDatabase } from '@coaching/stack';
import { buildFor, confirmed, describe, openRuntime } from '../platform';
import type { RebuildDbExecutorOptions } from './schema';

export default async function rebuildDbExecutor(
  options: RebuildDbExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  try {
    const { runtime, settings } = await openRuntime(options.runtime, context);
    if (settings.runtimeEnv === 'production') {
      console.error('rebuild-db deletes the database: refused with RUNTIME_ENV=production.');
      return { success: false };
    }
    const question = `This deletes database ${settings.database.name} and recreates it with demo data${
      options.backup === false ? ', without a backup' : ' (a backup is taken first)'
    }.`;
    if (!(await confirmed(question, options.yes))) return { success: false };
    if (options.build !== false) await buildFor(runtime, ['api'], context.root);
    await rebuildDatabase(runtime.database, context.root, settings, { backup: options.backup !== false });
    console.log('Database rebuilt.');
    return { success: true };
  } catch (error) {
    console.error(`rebuild-db failed: ${describe(error)}`);
    return { success: false };
  }
}
