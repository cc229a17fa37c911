import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { PsqlExecutorOptions } from './schema';

export default executor<PsqlExecutorOptions>('psql', async (options, context) => {
  const { runtime } = await openRuntime(options.runtime, context);
  await runtime.database.psql(options.command);
});
