import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { executorContext, fakeRuntime } from '../testing';

const opened = vi.hoisted(() => ({ runtime: undefined as unknown, backupDir: '' }));
vi.mock('../platform', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../platform')>()),
  openRuntime: async () => ({
    runtime: opened.runtime,
    settings: { database: { name: 'refactor_platform' }, backupDir: opened.backupDir },
    reason: 'test',
  }),
}));

import backupExecutor from './executor';

describe('backup', () => {
  it('dumps the database into a timestamped file in BACKUP_DIR', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const runtime = fakeRuntime();
    opened.runtime = runtime;
    opened.backupDir = mkdtempSync(join(tmpdir(), 'backup-'));

    expect(await backupExecutor({}, executorContext())).toEqual({ success: true });
    expect(runtime.database.dump).toHaveBeenCalledWith(
      expect.stringMatching(new RegExp(`^${opened.backupDir}/refactor_platform-\\d{8}-\\d{6}\\.dump$`)),
    );
  });
});
