import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import { requireLogSource } from '../shared/services';
import type { LogsExecutorOptions } from './schema';

export default executor<LogsExecutorOptions>('logs', async (options, context) => {
  const source = requireLogSource(options.service);
  const { runtime } = await openRuntime(options.runtime, context);
  await runtime.logs(source, options.follow !== false);
});
