import type { ExecutorContext } from '@nx/devkit';
import { takeBackup } from '@coaching/stack';
import { describe, openRuntime } from '../platform';
import type { BackupExecutorOptions } from './schema';

export default async function backupExecutor(options: BackupExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const { runtime, settings } = await openRuntime(options.runtime, context);
    const file = await takeBackup(runtime.database, settings);
    console.log(`Backed up ${settings.database.name} to ${file}`);
    return { success: true };
  } catch (error) {
    console.error(`backup failed: ${describe(error)}`);
    return { success: false };
  }
}
