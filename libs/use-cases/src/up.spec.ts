import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '@coaching/runtime';
import { fakeRuntime } from '@coaching/runtime/testing';
import { fakePlatform } from './testing';
import { up } from './up';

/** Every primitive `runtime` was asked for, in order: `startDatabase`, `database.api migrate up`, `up db mail api web`... */
function primitiveCalls(runtime: Runtime): string[] {
  const spies: [string, unknown][] = [
    ...(['build', 'checkPorts', 'startDatabase', 'up', 'instances'] as const).map((name): [string, unknown] => [name, runtime[name]]),
    ...(['api', 'apiOutput', 'dump'] as const).map((name): [string, unknown] => [`database.${name}`, runtime.database[name]]),
  ];
  const calls = spies.flatMap(([name, spy]) => {
    const { calls, invocationCallOrder } = vi.mocked(spy as (...args: unknown[]) => unknown).mock;
    return calls.map((args, index) => ({ order: invocationCallOrder[index], call: `${name} ${shown(args[0])}`.trim() }));
  });
  return calls.sort((a, b) => a.order - b.order).map(({ call }) => call);
}

/** A primitive's first argument, short: `migrate up`, `db mail`. */
function shown(argument: unknown): string {
  if (argument === undefined) return '';
  if (Array.isArray(argument)) return argument.join(' ');
  const { services } = argument as { services?: string[] };
  return services ? services.join(' ') : JSON.stringify(argument);
}

describe('up', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'up-use-case-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  /** A new platform in development on `runtime`: every migration pending, nothing running yet. */
  function newPlatform(runtime: Runtime) {
    vi.mocked(runtime.database.apiOutput).mockResolvedValue('m1_init  pending\nm2_notes  pending');
    return fakePlatform({ runtimeEnv: 'development', dataDir, backupDir: join(dataDir, 'backups'), database: { name: 'db' } as never }, runtime);
  }

  it.each(['native', 'docker'] as const)('starts the %s database once and migrates once, before anything else starts', async (name) => {
    const runtime = fakeRuntime({ name });

    const result = await up(newPlatform(runtime), { build: true, backup: true });

    const all = 'db mail api web';
    expect(primitiveCalls(runtime)).toEqual([
      `build ${all}`,
      `checkPorts ${all}`,
      'instances',
      'startDatabase',
      'database.apiOutput migrate status',
      'database.api migrate up',
      'database.api seed',
      `up ${all}`,
      'instances',
    ]);
    expect(runtime.startDatabase).toHaveBeenCalledOnce();
    expect(vi.mocked(runtime.database.api).mock.calls.filter(([args]) => args[0] === 'migrate')).toHaveLength(1);
    expect(result.schema).toEqual({ applied: ['m1_init', 'm2_notes'], backup: undefined, backupSkipped: 'none (a new database)' });
    expect(result.notReady).toEqual([]);
  });

  it('computes the prerequisites once: the web brings the database, the mail catcher and the api', async () => {
    const runtime = fakeRuntime();

    await up(newPlatform(runtime), { services: ['web'], build: true, backup: true });

    const wanted = ['db', 'mail', 'api', 'web'];
    expect(runtime.build).toHaveBeenCalledWith(wanted);
    expect(runtime.checkPorts).toHaveBeenCalledWith(wanted);
    expect(runtime.up).toHaveBeenCalledWith({ services: wanted });
  });

  it('neither starts the database nor migrates for services that need neither', async () => {
    const runtime = fakeRuntime();

    await up(newPlatform(runtime), { services: ['mail'], build: false, backup: true });

    expect(primitiveCalls(runtime)).toEqual(['checkPorts mail', 'instances', 'up mail', 'instances']);
  });

  it('records the runtime as the one holding the data when its database first starts, unless opened as a one-off', async () => {
    const oneOff = newPlatform(fakeRuntime({ name: 'docker' }));
    await up(oneOff, { build: false, backup: true });
    await expect(readFile(join(dataDir, 'runtime'), 'utf8')).rejects.toThrow();

    await up({ ...newPlatform(fakeRuntime({ name: 'docker' })), recordsFirstStart: true }, { build: false, backup: true });
    expect(await readFile(join(dataDir, 'runtime'), 'utf8')).toBe('docker\n');
  });
});
