import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SERVICE_NAMES, type PlatformSettings } from '@coaching/platform-model';
import { CARGO_PROGRESS_ENV, silentReporter } from '@coaching/process';
import { DockerRuntime } from './docker/runtime';
import { NativeRuntime } from './native/runtime';

const nx = vi.hoisted(() => ({ runNx: vi.fn() }));
vi.mock('@coaching/process', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@coaching/process')>()),
  runNx: nx.runNx,
  // The build runs as it would, without its progress line and log file (the display has tests of its own).
  withProgress: async (_title: string, _log: string, build: (onOutput: (text: string) => void) => Promise<unknown>) => {
    await build(() => {});
  },
}));

const settings = { runtimeEnv: 'development', dataDir: '/repo/.data' } as PlatformSettings;

describe('building what a runtime runs, through the Nx graph from the workspace root', () => {
  beforeEach(() => nx.runNx.mockReset().mockResolvedValue({ stdout: '', stderr: '' }));

  it.each([
    ["natively: the apps' release binaries", NativeRuntime, 'build', 'api,web'],
    ['in docker: the image of every service built here', DockerRuntime, 'docker-build', 'db,api,web'],
  ] as const)('%s', async (_title, Runtime, target, projects) => {
    await new Runtime({ workspaceRoot: '/repo', settings, reporter: silentReporter }).build(SERVICE_NAMES);

    expect(nx.runNx.mock.calls).toEqual([
      [
        '/repo',
        ['run-many', `--targets=${target}`, `--projects=${projects}`, '--output-style=stream-without-prefixes'],
        expect.objectContaining({ env: CARGO_PROGRESS_ENV, onOutput: expect.any(Function) }),
      ],
    ]);
  });

  it('nothing, when none of the services is built here', async () => {
    await new NativeRuntime({ workspaceRoot: '/repo', settings, reporter: silentReporter }).build(['db', 'mail']);

    expect(nx.runNx).not.toHaveBeenCalled();
  });
});
