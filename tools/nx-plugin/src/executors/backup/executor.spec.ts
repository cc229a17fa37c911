import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logger } from '@nx/devkit';
import { validateOptsAgainstSchema } from 'nx/src/utils/params';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { executorContext, muteLogger, openWith } from '../shared/testing';
import schema from './schema.json';

vi.mock('../shared/runtime');

import backupExecutor from './executor';

const NEW_BACKUP = /^refactor_platform-\d{8}-\d{6}\.dump$/;

describe('backup', () => {
  let backupDir: string;
  /** A folder of earlier backups of this database and of another one, and files backup never wrote. */
  beforeEach(() => {
    muteLogger();
    backupDir = mkdtempSync(join(tmpdir(), 'backup-'));
    for (const file of [
      'refactor_platform-20250101-020000.dump',
      'refactor_platform-20250102-020000.dump',
      'other_db-20240101-020000.dump',
      'refactor_platform-notes.txt',
    ]) {
      writeFileSync(join(backupDir, file), 'PGDMP');
    }
    mkdirSync(join(backupDir, 'refactor_platform-20200101-000000.dump'));
  });
  const files = () => readdirSync(backupDir).sort();
  /** The backup files of refactor_platform left in the folder (the folder named like one is no backup). */
  const backupsLeft = () =>
    readdirSync(backupDir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && NEW_BACKUP.test(entry.name))
      .map((entry) => entry.name)
      .sort();

  it('dumps the database into a timestamped file in BACKUP_DIR, deleting nothing without --keep', async () => {
    const runtime = openWith({ database: { name: 'refactor_platform' }, backupDir });
    const before = files();

    expect(await backupExecutor({}, executorContext())).toEqual({ success: true });
    expect(runtime.database.dump).toHaveBeenCalledWith(expect.stringMatching(new RegExp(`^${backupDir}/refactor_platform-\\d{8}-\\d{6}\\.dump$`)));
    expect(files()).toEqual(expect.arrayContaining(before));
    expect(files().filter((file) => !before.includes(file))).toEqual([expect.stringMatching(NEW_BACKUP)]);
  });

  it("with --keep, deletes this database's oldest backups beyond the newest N once the new one is written, and says which", async () => {
    openWith({ database: { name: 'refactor_platform' }, backupDir });

    expect(await backupExecutor({ keep: 2 }, executorContext())).toEqual({ success: true });

    const left = files();
    expect(backupsLeft()).toEqual(['refactor_platform-20250102-020000.dump', expect.stringMatching(NEW_BACKUP)]);
    expect(left).toContain('other_db-20240101-020000.dump');
    expect(left).toContain('refactor_platform-notes.txt');
    expect(left).toContain('refactor_platform-20200101-000000.dump');
    expect(vi.mocked(logger.info)).toHaveBeenCalledWith(
      `Deleted 1 backup(s) beyond the newest 2:\n  ${join(backupDir, 'refactor_platform-20250101-020000.dump')}`,
    );
  });

  it('never deletes the backup it just wrote, even when a clock set back sorts it first', async () => {
    writeFileSync(join(backupDir, 'refactor_platform-20991231-235959.dump'), 'PGDMP');
    openWith({ database: { name: 'refactor_platform' }, backupDir });

    expect(await backupExecutor({ keep: 1 }, executorContext())).toEqual({ success: true });

    expect(backupsLeft()).toEqual([expect.stringMatching(/^refactor_platform-20[0-8]\d{5}-\d{6}\.dump$/), 'refactor_platform-20991231-235959.dump']);
  });

  it('deletes nothing when the backup fails', async () => {
    const runtime = openWith({ database: { name: 'refactor_platform' }, backupDir });
    vi.mocked(runtime.database.dump).mockRejectedValue(new Error('pg_dump: connection refused'));
    const before = files();

    expect(await backupExecutor({ keep: 1 }, executorContext())).toEqual({ success: false });
    expect(files()).toEqual(before);
    expect(vi.mocked(logger.error)).toHaveBeenCalledWith('backup failed: pg_dump: connection refused');
  });

  it('takes --keep as a positive whole number only, as Nx validates the options', () => {
    // "number" with multipleOf, not "integer": Nx checks minimum and multipleOf on numbers only.
    expect(() => validateOptsAgainstSchema({ keep: 7 }, schema)).not.toThrow();
    expect(() => validateOptsAgainstSchema({ keep: 0 }, schema)).toThrow("Property 'keep' does not match the schema. 0 should be at least 1");
    expect(() => validateOptsAgainstSchema({ keep: -3 }, schema)).toThrow('should be at least 1');
    expect(() => validateOptsAgainstSchema({ keep: 1.5 }, schema)).toThrow('should be a multiple of 1');
    expect(() => validateOptsAgainstSchema({ keep: 'seven' }, schema)).toThrow("'seven' should be a 'number'");
  });
});
