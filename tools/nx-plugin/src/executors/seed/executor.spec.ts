import { describe, expect, it, vi } from 'vitest';
import { executorContext, fakeRuntime } from '../testing';

const opened = vi.hoisted(() => ({ runtime: undefined as unknown }));
vi.mock('../platform', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../platform')>()),
  openRuntime: async () => ({ runtime: opened.runtime, settings: {}, reason: 'test' }),
  buildFor: async () => {},
}));

import seedExecutor from './executor';

describe('seed', () => {
  it('runs api seed against the runtime database', async () => {
    const runtime = fakeRuntime();
    opened.runtime = runtime;

    expect(await seedExecutor({}, executorContext())).toEqual({ success: true });
    expect(runtime.database.api).toHaveBeenCalledWith(['seed']);
  });
});
