import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { executorContext, muteLogger, opened, openWith } from '../shared/testing';

vi.mock('../shared/runtime');

import restoreExecutor from './executor';

describe('restore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'restore-'));
    writeFileSync(join(root, 'backup.dump'), 'PGDMP');
    muteLogger();
  });

  it('restores a file named from the workspace root, after a yes', async () => {
    const runtime = openWith({ runtimeEnv: 'development', database: { name: 'refactor_platform' } });

    expect(await restoreExecutor({ file: 'backup.dump', yes: true }, executorContext(root))).toEqual({ success: true });
    expect(runtime.database.restore).toHaveBeenCalledWith(join(root, 'backup.dump'));
  });

  it('refuses without a yes, for a missing file, and in production without --force-production', async () => {
    const runtime = openWith({ runtimeEnv: 'development', database: { name: 'refactor_platform' } });
    expect(await restoreExecutor({ file: 'backup.dump' }, executorContext(root))).toEqual({ success: false });
    expect(await restoreExecutor({ file: 'missing.dump', yes: true }, executorContext(root))).toEqual({ success: false });
    opened.settings.runtimeEnv = 'production';
    expect(await restoreExecutor({ file: 'backup.dump', yes: true }, executorContext(root))).toEqual({ success: false });
    expect(runtime.database.restore).not.toHaveBeenCalled();

    expect(await restoreExecutor({ file: 'backup.dump', yes: true, forceProduction: true }, executorContext(root))).toEqual({
      success: true,
    });
  });
});
