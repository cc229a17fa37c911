import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logger } from '@nx/devkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PLATFORM_SCHEMA } from '@coaching/platform-model';
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

  it('restores a file named from the workspace root, after a yes, then voids what lets someone in without a password', async () => {
    const runtime = openWith({ runtimeEnv: 'development', database: { name: 'refactor_platform' } });
    const { restore, runSqlFileWithSettings } = runtime.database;
    vi.mocked(runSqlFileWithSettings).mockResolvedValue([
      'login sessions (auth_sessions) deleted: 2',
      'pending invitations (invitations) revoked: 1',
    ]);

    expect(await restoreExecutor({ file: 'backup.dump', yes: true }, executorContext(root))).toEqual({ success: true });
    expect(restore).toHaveBeenCalledWith(join(root, 'backup.dump'));
    expect(runSqlFileWithSettings).toHaveBeenCalledWith(
      join(root, 'apps/db/initdb/sql/void-passwordless-access.sql'),
      { schema: PLATFORM_SCHEMA },
      'refactor_platform',
    );
    expect(vi.mocked(restore).mock.invocationCallOrder[0]).toBeLessThan(vi.mocked(runSqlFileWithSettings).mock.invocationCallOrder[0]);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /without a password.*:\n {2}login sessions \(auth_sessions\) deleted: 2\n {2}pending invitations \(invitations\) revoked: 1$/,
      ),
    );
  });

  it('says the backup is restored when what it holds could not be voided', async () => {
    const runtime = openWith({ runtimeEnv: 'development', database: { name: 'refactor_platform' } });
    vi.mocked(runtime.database.runSqlFileWithSettings).mockRejectedValue(new Error('connection refused'));

    expect(await restoreExecutor({ file: 'backup.dump', yes: true }, executorContext(root))).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith(
      'restore failed: the backup is restored, but its login sessions and links could not be voided and may still work (restore again): connection refused',
    );
  });

  it('refuses without a yes, for a missing file, and in production without --force-production', async () => {
    const runtime = openWith({ runtimeEnv: 'development', database: { name: 'refactor_platform' } });
    expect(await restoreExecutor({ file: 'backup.dump' }, executorContext(root))).toEqual({ success: false });
    expect(await restoreExecutor({ file: 'missing.dump', yes: true }, executorContext(root))).toEqual({ success: false });
    opened.settings.runtimeEnv = 'production';
    expect(await restoreExecutor({ file: 'backup.dump', yes: true }, executorContext(root))).toEqual({ success: false });
    expect(runtime.database.restore).not.toHaveBeenCalled();
    expect(runtime.database.runSqlFileWithSettings).not.toHaveBeenCalled();

    expect(await restoreExecutor({ file: 'backup.dump', yes: true, forceProduction: true }, executorContext(root))).toEqual({
      success: true,
    });
  });
});
