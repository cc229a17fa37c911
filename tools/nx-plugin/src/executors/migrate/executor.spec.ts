import { beforeEach, describe, expect, it, vi } from 'vitest';
import { executorContext, fakeRuntime } from '../testing';

const opened = vi.hoisted(() => ({ runtime: undefined as unknown, runtimeEnv: 'development', builds: [] as unknown[][] }));
vi.mock('../platform', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../platform')>()),
  openRuntime: async () => ({ runtime: opened.runtime, settings: { runtimeEnv: opened.runtimeEnv }, reason: 'test' }),
  buildFor: async (...args: unknown[]) => void opened.builds.push(args),
}));

import migrateExecutor, { migrateArguments } from './executor';

describe('migrate', () => {
  beforeEach(() => {
    opened.runtimeEnv = 'development';
    opened.builds = [];
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });

  it.each([
    [{}, ['migrate', 'up']],
    [{ status: true }, ['migrate', 'status']],
    [{ down: 2, yes: true }, ['migrate', 'down', '-n', '2', '--yes']],
    [{ fresh: true, yes: true }, ['migrate', 'fresh', '--yes']],
  ])('runs api %o as %o after building the api', async (options, args) => {
    const runtime = fakeRuntime();
    opened.runtime = runtime;

    expect(await migrateExecutor(options, executorContext('/repo'))).toEqual({ success: true });
    expect(runtime.database.api).toHaveBeenCalledWith(args);
    expect(opened.builds).toEqual([[runtime, ['api'], '/repo']]);
  });

  it('asks before deleting data and does nothing without a yes', async () => {
    const runtime = fakeRuntime();
    opened.runtime = runtime;

    expect(await migrateExecutor({ down: 1 }, executorContext())).toEqual({ success: false });
    expect(await migrateExecutor({ fresh: true }, executorContext())).toEqual({ success: false });
    expect(runtime.database.api).not.toHaveBeenCalled();
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('--yes'));
  });

  it('never deletes data in production', async () => {
    const runtime = fakeRuntime();
    opened.runtime = runtime;
    opened.runtimeEnv = 'production';

    expect(await migrateExecutor({ fresh: true, yes: true }, executorContext())).toEqual({ success: false });
    expect(runtime.database.api).not.toHaveBeenCalled();
  });

  it('refuses two actions at once', () => {
    expect(() => migrateArguments({ status: true, fresh: true })).toThrow('choose one of --down, --status and --fresh');
  });
});
