import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { AdminExecutorOptions } from './schema';

/** The `api admin create` command for the options; the api validates the email and name and prints the link. */
export function adminArguments(options: AdminExecutorOptions): string[] {
  return ['admin', 'create', '--email', options.email, '--name', options.name, ...(options.superAdmin ? ['--super-admin'] : [])];
}

export default executor<AdminExecutorOptions>('admin', async (options, context) => {
  const args = adminArguments(options);
  const { runtime } = await openRuntime(options.runtime, context);
  if (options.build !== false) await runtime.build(['api']);
  await runtime.database.api(args);
});
