import { beforeEach, describe, expect, it, vi } from 'vitest';
import { executorContext, fakeRuntime, READY } from '../testing';

const stack = vi.hoisted(() => ({ runNx: vi.fn(), runtime: undefined as unknown }));
vi.mock('@coaching/stack', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@coaching/stack')>()),
  runNx: stack.runNx,
}));
vi.mock('../platform', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../platform')>()),
  openRuntime: () => ({ runtime: stack.runtime, settings: {}, reason: 'test' }),
}));

import upExecutor from './executor';

describe('up', () => {
  beforeEach(() => {
    stack.runNx.mockReset().mockResolvedValue({ stdout: '', stderr: '' });
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });

  it('builds the apps through the Nx graph from the workspace root, then starts every service', async () => {
    const runtime = fakeRuntime();
    stack.runtime = runtime;

    const result = await upExecutor({}, executorContext('/repo'));

    expect(result).toEqual({ success: true });
    expect(stack.runNx).toHaveBeenCalledWith('/repo', ['run-many', '--targets=build', '--projects=api,web', '--output-style=stream'], {
      stdio: 'inherit',
    });
    expect(runtime.up).toHaveBeenCalledWith({ services: ['db', 'api', 'web'] });
  });

  it('builds the images of every service for the docker runtime', async () => {
    stack.runtime = fakeRuntime({ name: 'docker' });

    await upExecutor({}, executorContext('/repo'));

    expect(stack.runNx).toHaveBeenCalledWith(
      '/repo',
      ['run-many', '--targets=docker-build', '--projects=db,api,web', '--output-style=stream'],
      { stdio: 'inherit' },
    );
  });

  it('starts a service with what it needs, and skips the build with --no-build', async () => {
    const runtime = fakeRuntime();
    stack.runtime = runtime;

    await upExecutor({ services: ['api'], build: false }, executorContext());

    expect(stack.runNx).not.toHaveBeenCalled();
    expect(runtime.up).toHaveBeenCalledWith({ services: ['db', 'api'] });
  });

  it('does nothing, successfully, when everything already runs', async () => {
    const runtime = fakeRuntime({ isUp: vi.fn(async () => true) });
    stack.runtime = runtime;

    expect(await upExecutor({}, executorContext())).toEqual({ success: true });
    expect(stack.runNx).not.toHaveBeenCalled();
    expect(runtime.up).not.toHaveBeenCalled();
    expect(console.log).toHaveBeenCalledWith('Already running: nothing to do.\n');
  });

  it('fails with the reason when a service does not become ready', async () => {
    stack.runtime = fakeRuntime({ up: vi.fn(async () => [READY[0], READY[1], { ...READY[2], health: 'not ready' as const }]) });

    expect(await upExecutor({ build: false }, executorContext())).toEqual({ success: false });
  });

  it('reports a failed start in one line', async () => {
    stack.runtime = fakeRuntime({ up: vi.fn(async () => Promise.reject(new Error('port 4000 (api) is already in use'))) });

    expect(await upExecutor({ build: false }, executorContext())).toEqual({ success: false });
    expect(console.error).toHaveBeenCalledWith('up failed: port 4000 (api) is already in use');
  });
});
