import { existsSync } from 'node:fs';
import type { ExecutorContext } from '@nx/devkit';
import { fromWorkspaceRoot } from '../../utils/paths';
import { confirmed, describe, openRuntime } from '../platform';
import type { RestoreExecutorOptions } from './schema';

export default async function restoreExecutor(options: RestoreExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const file = fromWorkspaceRoot(context.root, options.file);
    if (!existsSync(file)) {
      console.error(`restore: no backup at ${file}; \`ls backups\` shows the ones there are.`);
      return { success: false };
    }
    const { runtime, settings } = await openRuntime(options.runtime, context);
    if (settings.runtimeEnv === 'production' && !options.forceProduction) {
      console.error('restore replaces production data: refused with RUNTIME_ENV=production unless --force-production.');
      return { success: false };
    }
    const question = `This replaces the data of ${settings.database.name} with ${options.file}.`;
    if (!(await confirmed(question, options.yes))) return { success: false };
    await runtime.database.restore(file);
    console.log(`Restored ${settings.database.name} from ${options.file}`);
    return { success: true };
  } catch (error) {
    console.error(`restore failed: ${describe(error)}`);
    return { success: false };
  }
}
