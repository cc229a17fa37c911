import { executor } from '../shared/executor';
import { openRuntime } from '../shared/runtime';
import { requireServiceNames } from '../shared/services';
import type { LogsExecutorOptions } from './schema';

export default executor<LogsExecutorOptions>('logs', async (options, context) => {
  const [service] = requireServiceNames(options.service === undefined ? [] : [options.service]);
  const { runtime } = await openRuntime(options.runtime, context);
  await runtime.logs(service, options.follow !== false);
});
