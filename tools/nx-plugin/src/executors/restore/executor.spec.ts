import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { executorContext, fakeRuntime } from '../testing';

const opened = vi.hoisted(() => ({ runtime: undefined as unknown, runtimeEnv: 'development' }));
vi.mock('../platform', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../platform')>()),
  openRuntime: async () => ({
    runtime: opened.runtime,
    settings: { runtimeEnv: opened.runtimeEnv, database: { name: 'refactor_platform' } },
    reason: 'test',
  }),
}));

import restoreExecutor from './executor';

describe('restore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'restore-'));
    writeFileSync(join(root, 'backup.dump'), 'PGDMP');
    opened.runtimeEnv = 'development';
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });

  it('restores a file named from the workspace root, after a yes', async () => {
    const runtime = fakeRuntime();
    opened.runtime = runtime;

    expect(await restoreExecutor({ file: 'backup.dump', yes: true }, executorContext(root))).toEqual({ success: true });
    expect(runtime.database.restore).toHaveBeenCalledWith(join(root, 'backup.dump'));
  });

  it('refuses without a yes, for a missing file, and in production without --force-production', async () => {
    const runtime = fakeRuntime();
    opened.runtime = runtime;
    expect(await restoreExecutor({ file: 'backup.dump' }, executorContext(root))).toEqual({ success: false });
    expect(await restoreExecutor({ file: 'missing.dump', yes: true }, executorContext(root))).toEqual({ success: false });
    opened.runtimeEnv = 'production';
    expect(await restoreExecutor({ file: 'backup.dump', yes: true }, executorContext(root))).toEqual({ success: false });
    expect(runtime.database.restore).not.toHaveBeenCalled();

    expect(await restoreExecutor({ file: 'backup.dump', yes: true, forceProduction: true }, executorContext(root))).toEqual({
      success: true,
    });
  });
});
