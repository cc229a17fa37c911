import { beforeEach, describe, expect, it, vi } from 'vitest';
import { executorContext, fakeRuntime } from '../testing';

const opened = vi.hoisted(() => ({ runtime: undefined as unknown }));
vi.mock('../platform', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../platform')>()),
  openRuntime: () => ({ runtime: opened.runtime, settings: {}, reason: 'test' }),
}));

import statusExecutor from './executor';

describe('status', () => {
  beforeEach(() => vi.spyOn(console, 'log').mockImplementation(() => {}));

  it('prints one row per service with its state, health and URL', async () => {
    opened.runtime = fakeRuntime();

    expect(await statusExecutor({}, executorContext())).toEqual({ success: true });
    expect(console.log).toHaveBeenLastCalledWith(
      [
        'SERVICE  STATE    HEALTH  URL',
        'db       running  ready   postgres://refactor@localhost:5432/refactor_platform',
        'api      running  ready   http://localhost:4000',
        'web      running  ready   http://localhost:8080',
      ].join('\n'),
    );
  });
});
