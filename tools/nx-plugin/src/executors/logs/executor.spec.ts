import { describe, expect, it, vi } from 'vitest';
import { executorContext, fakeRuntime } from '../testing';

const opened = vi.hoisted(() => ({ runtime: undefined as unknown }));
vi.mock('../platform', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../platform')>()),
  openRuntime: () => ({ runtime: opened.runtime, settings: {}, reason: 'test' }),
}));

import logsExecutor from './executor';

describe('logs', () => {
  it('follows every service by default', async () => {
    const runtime = fakeRuntime();
    opened.runtime = runtime;

    await logsExecutor({}, executorContext());

    expect(runtime.logs).toHaveBeenCalledWith(undefined, true);
  });

  it('prints one service once with --no-follow', async () => {
    const runtime = fakeRuntime();
    opened.runtime = runtime;

    await logsExecutor({ service: 'api', follow: false }, executorContext());

    expect(runtime.logs).toHaveBeenCalledWith('api', false);
  });
});
