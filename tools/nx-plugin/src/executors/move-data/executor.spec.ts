import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logger } from '@nx/devkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseTools, Runtime } from '@coaching/runtime';
import { fakeDatabase, fakeRuntime } from '@coaching/runtime/testing';
import { executorContext, muteLogger, opened, openWith } from '../shared/testing';

vi.mock('../shared/runtime');

import moveDataExecutor from './executor';

const DATABASE = 'refactor_platform';

/** A database whose tables count `rows` (tableRowCounts's two queries), and that holds data when `rows` has some. */
function databaseWith(rows: Record<string, number>, pendingMigrations: string[] = []): DatabaseTools {
  const counts = Object.entries(rows)
    .map(([table, count]) => `${table}|${count}`)
    .join('\n');
  const tables = Object.keys(rows).length;
  const database = fakeDatabase({
    [`SELECT count(*) FROM pg_database WHERE datname = '${DATABASE}'`]: '1',
    "SELECT count(*) FROM pg_tables WHERE schemaname = 'refactor'": String(tables),
  });
  vi.mocked(database.query).mockImplementation(async (sql: string) =>
    sql.startsWith('SELECT string_agg') ? (tables > 0 ? 'COUNT ROWS' : '') : sql === 'COUNT ROWS' ? counts : '',
  );
  vi.mocked(database.apiOutput).mockResolvedValue(pendingMigrations.map((name) => `${name}  pending`).join('\n'));
  return database;
}

/** An empty, unmigrated database that holds `rows` once a backup is restored into it. */
function emptyUntilRestored(rows: Record<string, number>): DatabaseTools {
  const database = databaseWith({}, ['m20260101_000001_init']);
  vi.mocked(database.restore).mockImplementation(async () => {
    vi.mocked(database.query).mockImplementation(databaseWith(rows).query);
  });
  return database;
}

/** The message of every `logger.info` call, in one text. */
const said = () =>
  vi
    .mocked(logger.info)
    .mock.calls.map(([message]) => String(message))
    .join('\n');
const firstCall = (spy: unknown) => vi.mocked(spy as () => void).mock.invocationCallOrder[0];

describe('move-data', () => {
  let root: string;
  let dataDir: string;
  let native: Runtime;
  let docker: Runtime;
  const demo = { notes: 5, users: 3 };

  beforeEach(() => {
    muteLogger();
    root = mkdtempSync(join(tmpdir(), 'move-data-'));
    dataDir = join(root, '.data');
    openWith({ runtimeEnv: 'development', dataDir, backupDir: join(root, 'backups'), database: { name: DATABASE } });
    withDatabases({ native: databaseWith(demo), docker: emptyUntilRestored(demo) });
    holdingData({ native: '.data/postgres' });
  });

  /** The two runtimes move-data opens, with these databases. */
  function withDatabases(databases: { native: DatabaseTools; docker: DatabaseTools }): void {
    native = fakeRuntime({ name: 'native', database: databases.native });
    docker = fakeRuntime({ name: 'docker', buildKind: 'image', database: databases.docker });
    opened.runtimes = { native, docker };
  }

  /** Where each runtime says it holds data (heldData). */
  function holdingData(data: Partial<Record<'native' | 'docker', string>>): void {
    vi.mocked(native.heldData).mockResolvedValue(data.native);
    vi.mocked(docker.heldData).mockResolvedValue(data.docker);
  }

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('backs up the runtime holding the data, restores into the other, checks the rows, and records the new choice', async () => {
    expect(await moveDataExecutor({ to: 'docker' }, executorContext())).toEqual({ success: true });

    // Each database runs alone (same port): docker stopped first, native stopped before docker's database starts.
    expect(firstCall(docker.down)).toBeLessThan(firstCall(native.startDatabase));
    expect(firstCall(native.database.dump)).toBeLessThan(firstCall(native.down));
    expect(firstCall(native.down)).toBeLessThan(firstCall(docker.startDatabase));
    expect(native.down).toHaveBeenCalledWith({ volumes: false });
    // The empty target is migrated to the schema before the restore.
    expect(docker.database.api).toHaveBeenCalledWith(['migrate', 'up']);
    expect(firstCall(docker.database.api)).toBeLessThan(firstCall(docker.database.restore));
    const backup = vi.mocked(native.database.dump).mock.calls[0][0];
    expect(backup).toMatch(new RegExp(`/backups/${DATABASE}-\\d{8}-\\d{6}\\.dump$`));
    expect(docker.database.restore).toHaveBeenCalledWith(backup);
    expect(readFileSync(join(dataDir, 'runtime'), 'utf8')).toBe('docker\n');
    expect(native.build).toHaveBeenCalledWith(['db', 'api']);
    expect(docker.build).toHaveBeenCalledWith(['db', 'api']);
    expect(said()).toContain('[6/7] Restoring the backup into docker and checking it');
    expect(said()).toContain('Every table matches: 2 tables, 8 rows');
    expect(said()).toContain('npx nx run platform:down --runtime=native --volumes --yes');
  });

  it('refuses when the source holds no data, changing nothing', async () => {
    holdingData({});

    expect(await moveDataExecutor({ to: 'docker', build: false }, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith('Nothing to move: the native runtime holds no platform data.');
    expect(docker.down).not.toHaveBeenCalled();
    expect(native.startDatabase).not.toHaveBeenCalled();
  });

  it('refuses when the target holds data, unless --replace, which backs that data up first', async () => {
    holdingData({ native: '.data/postgres', docker: 'volume coaching_postgres_data' });

    expect(await moveDataExecutor({ to: 'docker', build: false }, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('The docker runtime holds data already (volume coaching_postgres_data)'));
    expect(docker.down).not.toHaveBeenCalled();
    // Without a terminal, --replace alone is not a confirmation.
    expect(await moveDataExecutor({ to: 'docker', build: false, replace: true }, executorContext())).toEqual({ success: false });
    expect(docker.down).not.toHaveBeenCalled();

    vi.mocked(docker.database.queryAsSuperuser).mockResolvedValue('1');
    expect(await moveDataExecutor({ to: 'docker', build: false, replace: true, yes: true }, executorContext())).toEqual({ success: true });
    expect(docker.database.dump).toHaveBeenCalledOnce();
    expect(firstCall(docker.database.dump)).toBeLessThan(firstCall(docker.database.restore));
    expect(said()).toContain('Backed up the docker data it replaces: ');
  });

  it('stops when the restored rows differ, leaving the choice as it was', async () => {
    withDatabases({ native: databaseWith(demo), docker: emptyUntilRestored({ notes: 5, users: 2 }) });
    holdingData({ native: '.data/postgres' });

    expect(await moveDataExecutor({ to: 'docker', build: false }, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('users: 3 in native, 2 in docker'));
    expect(existsSync(join(dataDir, 'runtime'))).toBe(false);
  });

  it('moves back to native the same way', async () => {
    withDatabases({ native: emptyUntilRestored(demo), docker: databaseWith(demo) });
    holdingData({ docker: 'volume coaching_postgres_data' });

    expect(await moveDataExecutor({ to: 'native', build: false }, executorContext())).toEqual({ success: true });
    expect(firstCall(native.down)).toBeLessThan(firstCall(docker.startDatabase));
    expect(firstCall(docker.down)).toBeLessThan(firstCall(native.startDatabase));
    expect(native.database.restore).toHaveBeenCalledWith(vi.mocked(docker.database.dump).mock.calls[0][0]);
    expect(readFileSync(join(dataDir, 'runtime'), 'utf8')).toBe('native\n');
    expect(said()).toContain('npx nx run platform:down --runtime=docker --volumes --yes');
  });

  it('refuses in production', async () => {
    opened.settings.runtimeEnv = 'production';

    expect(await moveDataExecutor({ to: 'native', build: false }, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('move-data is for development'));
    expect(native.startDatabase).not.toHaveBeenCalled();
  });
});
