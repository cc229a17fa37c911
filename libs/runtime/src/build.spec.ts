import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SERVICE_NAMES, type PlatformSettings } from '@coaching/platform-model';
import { CARGO_PROGRESS_ENV, silentReporter, type Reporter } from '@coaching/process';
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

describe("the native runtime's build, when the Nx cache restored no binary", () => {
  let folder: string;
  let binaries: { api: string; web: string };
  let said: string[];
  const reporter: Reporter = { ...silentReporter, progress: (message) => said.push(message) };
  const build = (services = SERVICE_NAMES) => new NativeRuntime({ workspaceRoot: '/repo', settings, binaries, reporter }).build(services);
  /** The nx runs' arguments, in order. */
  const nxRuns = () => nx.runNx.mock.calls.map(([, args]) => (args as string[]).join(' '));
  /** A fake `nx`: a run with --skip-nx-cache builds (writes) the binaries of `builds`; any other run is a cache hit that restores nothing. */
  const nxThatBuilds = (...builds: ('api' | 'web')[]) =>
    nx.runNx.mockImplementation(async (_root: string, args: string[]) => {
      if (args.includes('--skip-nx-cache'))
        for (const app of builds) if (args.some((arg) => arg.includes(app))) writeFileSync(binaries[app], 'binary');
      return { stdout: '', stderr: '' };
    });

  beforeEach(() => {
    nx.runNx.mockReset();
    said = [];
    folder = mkdtempSync(join(tmpdir(), 'native-build-'));
    binaries = { api: join(folder, 'api'), web: join(folder, 'web') };
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('builds nothing again when every binary is there', async () => {
    nx.runNx.mockImplementation(async () => {
      for (const binary of Object.values(binaries)) writeFileSync(binary, 'binary');
      return { stdout: '', stderr: '' };
    });

    await build();

    expect(nxRuns()).toEqual(['run-many --targets=build --projects=api,web --output-style=stream-without-prefixes']);
  });

  it('builds the apps left without a binary again, without the cache, and says why', async () => {
    writeFileSync(binaries.web, 'binary');
    nxThatBuilds('api');

    await build();

    expect(nxRuns()).toEqual([
      'run-many --targets=build --projects=api,web --output-style=stream-without-prefixes',
      'run-many --targets=build --projects=api --output-style=stream-without-prefixes --skip-nx-cache',
    ]);
    expect(said).toContain(
      `The build left no binary (api: ${binaries.api}); a result taken from the Nx cache restored nothing. Building again without the cache.`,
    );
    expect(existsSync(binaries.api)).toBe(true);
  });

  it('fails with what was tried when the binary is still missing after that', async () => {
    nxThatBuilds('web');

    await expect(build()).rejects.toThrow(
      `the api binary is missing (${binaries.api}) even after \`npx nx run api:build --skip-nx-cache\`; the build's output is in tmp/logs/build.log`,
    );
    expect(nxRuns()).toHaveLength(2);
  });

  it('checks only the apps it was asked to build', async () => {
    nxThatBuilds();

    await build(['db', 'mail']);

    expect(nx.runNx).not.toHaveBeenCalled();
  });
});
