import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { SeedExecutorOptions } from './schema';

export default executor<SeedExecutorOptions>('seed', async (options, context) => {
  const { runtime } = await openRuntime(options.runtime, context);
  if (options.build !== false) await runtime.build(['api']);
  // The api refuses to seed in production; that rule lives in one place.
  await runtime.database.api(['seed']);
});
