import { logger } from '@nx/devkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SERVICE_NAMES } from '@coaching/stack';
import { executorContext, fakeRuntime, muteLogger, openWith, READY } from '../shared/testing';

const stack = vi.hoisted(() => ({ runNx: vi.fn() }));
vi.mock('@coaching/stack', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@coaching/stack')>()),
  runNx: stack.runNx,
}));
vi.mock('../shared/runtime');

import { buildFor, openRuntime } from '../shared/runtime';
import upExecutor from './executor';

describe('up', () => {
  beforeEach(async () => {
    // The real build step, down to the nx command it runs.
    const actual = await vi.importActual<typeof import('../shared/runtime')>('../shared/runtime');
    vi.mocked(buildFor).mockImplementation(actual.buildFor);
    stack.runNx.mockReset().mockResolvedValue({ stdout: '', stderr: '' });
    muteLogger();
  });

  it('builds the apps through the Nx graph from the workspace root, then starts every service', async () => {
    const runtime = openWith();

    const result = await upExecutor({}, executorContext('/repo'));

    expect(result).toEqual({ success: true });
    expect(stack.runNx).toHaveBeenCalledWith('/repo', ['run-many', '--targets=build', '--projects=api,web', '--output-style=stream'], {
      stdio: 'inherit',
    });
    expect(runtime.up).toHaveBeenCalledWith({ services: ['db', 'mail', 'api', 'web'] });
  });

  it('builds the images of every service for the docker runtime', async () => {
    openWith({}, fakeRuntime({ name: 'docker' }));

    await upExecutor({}, executorContext('/repo'));

    expect(stack.runNx).toHaveBeenCalledWith(
      '/repo',
      ['run-many', '--targets=docker-build', '--projects=db,api,web', '--output-style=stream'],
      { stdio: 'inherit' },
    );
  });

  it('starts a service with what it needs, and skips the build with --no-build', async () => {
    const runtime = openWith();

    await upExecutor({ services: ['api'], build: false }, executorContext());

    expect(stack.runNx).not.toHaveBeenCalled();
    expect(runtime.up).toHaveBeenCalledWith({ services: ['db', 'mail', 'api'] });
  });

  it('opens the production stack with --production, as RUNTIME_ENV=production would', async () => {
    openWith();

    await upExecutor({ production: true, build: false }, executorContext());

    expect(vi.mocked(openRuntime).mock.lastCall?.[2]).toMatchObject({ RUNTIME_ENV: 'production' });
  });

  it('does nothing, successfully, when everything already runs', async () => {
    const runtime = openWith({}, fakeRuntime({ isUp: vi.fn(async () => true) }));

    expect(await upExecutor({}, executorContext())).toEqual({ success: true });
    expect(stack.runNx).not.toHaveBeenCalled();
    expect(runtime.up).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledWith('Already running: nothing to do.\n');
  });

  it('fails with the reason when a service does not become ready', async () => {
    const webNotReady = READY.map((row) => (row.service === 'web' ? { ...row, health: 'not ready' as const } : row));
    openWith({}, fakeRuntime({ up: vi.fn(async () => webNotReady) }));

    expect(await upExecutor({ build: false }, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith('Not ready: web; `nx run platform:logs <service>` shows why.');
    // The api is ready, so people can still reach it.
    expect(logger.info).toHaveBeenCalledWith('Open http://localhost:4000');
  });

  it('names the page to open when every service is ready', async () => {
    openWith();

    await upExecutor({ build: false }, executorContext());

    expect(logger.info).toHaveBeenCalledWith('Open http://localhost:8080');
  });

  it('refuses a service the platform does not have, naming those it has, before opening a runtime', async () => {
    const runtime = openWith();

    expect(await upExecutor({ services: ['api', 'cache'] }, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith(`up failed: unknown service "cache"; the services are ${SERVICE_NAMES.join(', ')}`);
    expect(runtime.up).not.toHaveBeenCalled();
  });

  it('reports a failed start in one line', async () => {
    openWith({}, fakeRuntime({ up: vi.fn(async () => Promise.reject(new Error('port 4000 (api) is already in use'))) }));

    expect(await upExecutor({ build: false }, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith('up failed: port 4000 (api) is already in use');
  });
});
