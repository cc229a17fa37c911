import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import type { OutboxExecutorOptions } from './schema';

/**
 * `api outbox status` (mail waiting, mail given up on, the latest errors), or with `requeue` `api outbox requeue`:
 * what an operator does about mail that could not be sent, once its cause is fixed.
 */
export default executor<OutboxExecutorOptions>('outbox', async (options, context) => {
  const { runtime } = await openRuntime(options.runtime, context);
  await runtime.database.api(['outbox', options.requeue ? 'requeue' : 'status']);
});
