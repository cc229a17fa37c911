import type { ExecutorContext } from '@nx/devkit';
import { buildFor, confirmed, describe, openRuntime } from '../platform';
import type { MigrateExecutorOptions } from './schema';

/** The `api migrate` command for the options; the migration logic itself lives in the Rust migration crate. */
export function migrateArguments(options: MigrateExecutorOptions): string[] {
  const chosen = [options.down !== undefined, options.status, options.fresh].filter(Boolean).length;
  if (chosen > 1) throw new Error('choose one of --down, --status and --fresh');
  if (options.status) return ['migrate', 'status'];
  if (options.fresh) return ['migrate', 'fresh', '--yes'];
  if (options.down !== undefined) return ['migrate', 'down', '-n', String(options.down), '--yes'];
  return ['migrate', 'up'];
}

export default async function migrateExecutor(options: MigrateExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const args = migrateArguments(options);
    const { runtime, settings } = await openRuntime(options.runtime, context);
    const destructive = options.fresh || options.down !== undefined;
    if (destructive && settings.runtimeEnv === 'production') {
      console.error('migrate --down and --fresh delete data: refused with RUNTIME_ENV=production.');
      return { success: false };
    }
    const what = options.fresh
      ? 'This drops every table of the platform with all its data, then recreates them.'
      : `This rolls back the last ${options.down} migration(s) and deletes their tables and data.`;
    if (destructive && !(await confirmed(what, options.yes))) return { success: false };
    if (options.build !== false) await buildFor(runtime, ['api'], context.root);
    await runtime.database.api(args);
    return { success: true };
  } catch (error) {
    console.error(`migrate failed: ${describe(error)}`);
    return { success: false };
  }
}
