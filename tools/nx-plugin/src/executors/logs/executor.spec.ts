import { logger } from '@nx/devkit';
import { describe, expect, it, vi } from 'vitest';
import { fakeRuntime } from '@coaching/runtime/testing';
import { executorContext, muteLogger, openWith } from '../shared/testing';

vi.mock('../shared/runtime');

import logsExecutor from './executor';

describe('logs', () => {
  it('follows every service by default', async () => {
    const runtime = openWith();

    expect(await logsExecutor({}, executorContext())).toEqual({ success: true });
    expect(runtime.logs).toHaveBeenCalledWith(undefined, true);
  });

  it('prints one service once with --no-follow', async () => {
    const runtime = openWith();

    expect(await logsExecutor({ service: 'api', follow: false }, executorContext())).toEqual({ success: true });
    expect(runtime.logs).toHaveBeenCalledWith('api', false);
  });

  it("passes production's edge to the runtime, which knows whether it runs one", async () => {
    const runtime = openWith();

    expect(await logsExecutor({ service: 'edge' }, executorContext())).toEqual({ success: true });
    expect(runtime.logs).toHaveBeenCalledWith('edge', true);
  });

  it('refuses a name that is no service, saying which are', async () => {
    muteLogger();
    const runtime = openWith();

    expect(await logsExecutor({ service: 'proxy' }, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith('logs failed: unknown service "proxy"; the services are db, mail, api, web, and edge in production');
    expect(runtime.logs).not.toHaveBeenCalled();
  });

  it('fails when the logs cannot be read', async () => {
    muteLogger();
    openWith({}, fakeRuntime({ logs: vi.fn(async () => Promise.reject(new Error('no log file yet: start the platform first'))) }));

    expect(await logsExecutor({ service: 'web' }, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith('logs failed: no log file yet: start the platform first');
  });
});
