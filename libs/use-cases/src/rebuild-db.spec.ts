import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentReporter } from '@coaching/process';
import { freePort, NativeRuntime, readSettings } from '@coaching/runtime';
import { rebuildDatabase } from './rebuild-db';
import { fakePlatform } from './testing';

const workspaceRoot = join(__dirname, '..', '..', '..');

describe('rebuild-db', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'rebuild-db-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('stops before dropping anything when it cannot tell whether there is data (the native PostgreSQL is not running)', async () => {
    const settings = readSettings(root, { DB_PORT: String(await freePort()), PLATFORM_DATA_DIR: root, POSTGRES_DB: 'lifecycle' });
    const runtime = new NativeRuntime({ workspaceRoot, settings, reporter: silentReporter });
    const runSqlFile = vi.spyOn(runtime.database, 'runSqlFile');

    await expect(rebuildDatabase(fakePlatform(settings, runtime), { backup: true, build: false, confirm: async () => {} })).rejects.toThrow(
      /^cannot tell whether database lifecycle holds data to back up, so nothing was dropped: .*(ECONNREFUSED|ENOENT)/,
    );
    expect(runSqlFile).not.toHaveBeenCalled();
  });
});
