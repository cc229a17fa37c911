import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { executorContext, muteLogger, openWith } from '../shared/testing';

vi.mock('../shared/runtime');

import backupExecutor from './executor';

describe('backup', () => {
  it('dumps the database into a timestamped file in BACKUP_DIR', async () => {
    muteLogger();
    const backupDir = mkdtempSync(join(tmpdir(), 'backup-'));
    const runtime = openWith({ database: { name: 'refactor_platform' }, backupDir });

    expect(await backupExecutor({}, executorContext())).toEqual({ success: true });
    expect(runtime.database.dump).toHaveBeenCalledWith(
      expect.stringMatching(new RegExp(`^${backupDir}/refactor_platform-\\d{8}-\\d{6}\\.dump$`)),
    );
  });
});
