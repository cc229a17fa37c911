import { describe, expect, it, vi } from 'vitest';
import { executorContext, fakeDatabase, fakeRuntime } from '../testing';

const opened = vi.hoisted(() => ({ runtime: undefined as unknown }));
vi.mock('../platform', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../platform')>()),
  openRuntime: async () => ({ runtime: opened.runtime, settings: {}, reason: 'test' }),
}));

import psqlExecutor from './executor';

describe('psql', () => {
  it('opens an interactive session by default', async () => {
    const runtime = fakeRuntime();
    opened.runtime = runtime;

    expect(await psqlExecutor({}, executorContext())).toEqual({ success: true });
    expect(runtime.database.psql).toHaveBeenCalledWith(undefined);
  });

  it('runs one statement with --command', async () => {
    const runtime = fakeRuntime();
    opened.runtime = runtime;

    await psqlExecutor({ command: 'SELECT 1' }, executorContext());

    expect(runtime.database.psql).toHaveBeenCalledWith('SELECT 1');
  });

  it('fails in one line when psql cannot run', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const database = fakeDatabase();
    vi.mocked(database.psql).mockRejectedValue(new Error('psql is not installed'));
    opened.runtime = fakeRuntime({ database });

    expect(await psqlExecutor({}, executorContext())).toEqual({ success: false });
    expect(console.error).toHaveBeenCalledWith('psql failed: psql is not installed');
  });
});
