import { beforeEach, describe, expect, it, vi } from 'vitest';
import { executorContext, fakeRuntime } from '../testing';

const opened = vi.hoisted(() => ({ runtime: undefined as unknown, runtimeEnv: 'development' }));
vi.mock('../platform', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../platform')>()),
  openRuntime: () => ({ runtime: opened.runtime, settings: { runtimeEnv: opened.runtimeEnv }, reason: 'test' }),
}));

import downExecutor from './executor';

describe('down', () => {
  beforeEach(() => {
    opened.runtimeEnv = 'development';
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });

  it('stops the services and keeps the data by default', async () => {
    const runtime = fakeRuntime();
    opened.runtime = runtime;

    expect(await downExecutor({}, executorContext())).toEqual({ success: true });
    expect(runtime.down).toHaveBeenCalledWith({ volumes: false });
  });

  it('refuses to delete data without --yes', async () => {
    const runtime = fakeRuntime();
    opened.runtime = runtime;

    expect(await downExecutor({ volumes: true }, executorContext())).toEqual({ success: false });
    expect(runtime.down).not.toHaveBeenCalled();
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('--yes'));
  });

  it('deletes data with --volumes --yes', async () => {
    const runtime = fakeRuntime();
    opened.runtime = runtime;

    expect(await downExecutor({ volumes: true, yes: true }, executorContext())).toEqual({ success: true });
    expect(runtime.down).toHaveBeenCalledWith({ volumes: true });
  });

  it('never deletes data in production', async () => {
    const runtime = fakeRuntime();
    opened.runtime = runtime;
    opened.runtimeEnv = 'production';

    expect(await downExecutor({ volumes: true, yes: true }, executorContext())).toEqual({ success: false });
    expect(runtime.down).not.toHaveBeenCalled();
  });
});
