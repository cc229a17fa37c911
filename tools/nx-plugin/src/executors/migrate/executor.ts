import { requireConfirmation } from '../shared/confirm';
import { Refusal } from '@coaching/use-cases';
import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
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

export default executor<MigrateExecutorOptions>('migrate', async (options, context) => {
  const args = migrateArguments(options);
  const { runtime, settings } = await openRuntime(options.runtime, context);
  const destructive = options.fresh || options.down !== undefined;
  if (destructive && settings.runtimeEnv === 'production') {
    throw new Refusal('migrate --down and --fresh delete data: refused with RUNTIME_ENV=production.');
  }
  if (destructive) {
    const what = options.fresh
      ? 'This drops every table of the platform with all its data, then recreates them.'
      : `This rolls back the last ${options.down} migration(s) and deletes their tables and data.`;
    await requireConfirmation(what, options.yes);
  }
  if (options.build !== false) await runtime.build(['api']);
  await runtime.database.api(args);
});
