import { beforeEach, describe, expect, it, vi } from 'vitest';
import { executorContext, fakeDatabase, fakeRuntime } from '../testing';

const settings = {
  runtimeEnv: 'development',
  backupDir: '/repo/backups',
  database: { name: 'refactor_platform', user: 'refactor', password: 'secret', superuserPassword: 'root' },
};
const opened = vi.hoisted(() => ({ runtime: undefined as unknown, runtimeEnv: 'development' }));
vi.mock('../platform', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../platform')>()),
  openRuntime: async () => ({ runtime: opened.runtime, settings: { ...settings, runtimeEnv: opened.runtimeEnv }, reason: 'test' }),
  buildFor: async () => {},
}));

import rebuildDbExecutor from './executor';

describe('rebuild-db', () => {
  beforeEach(() => {
    opened.runtimeEnv = 'development';
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });

  it('backs up existing data, recreates role, database and schema, migrates and seeds', async () => {
    const database = fakeDatabase({ "SELECT count(*) FROM pg_tables WHERE schemaname = 'refactor_platform'": '12' });
    opened.runtime = fakeRuntime({ database });

    expect(await rebuildDbExecutor({ yes: true }, executorContext('/repo'))).toEqual({ success: true });
    expect(database.dump).toHaveBeenCalledWith(expect.stringMatching(/^\/repo\/backups\/refactor_platform-\d{8}-\d{6}\.dump$/));
    expect(database.runSqlFile).toHaveBeenNthCalledWith(
      1,
      '/repo/apps/db/initdb/sql/create-database.sql',
      { db: 'refactor_platform', app_user: 'refactor', app_password: 'secret' },
      'postgres',
    );
    expect(database.runSqlFile).toHaveBeenNthCalledWith(
      2,
      '/repo/apps/db/initdb/sql/create-schema.sql',
      { schema: 'refactor_platform', app_user: 'refactor' },
      'refactor_platform',
    );
    expect(vi.mocked(database.api).mock.calls).toEqual([[['migrate', 'up']], [['seed']]]);
  });

  it('skips the backup of an empty database, and on request', async () => {
    const database = fakeDatabase({ "SELECT count(*) FROM pg_tables WHERE schemaname = 'refactor_platform'": '0' });
    opened.runtime = fakeRuntime({ database });
    await rebuildDbExecutor({ yes: true }, executorContext());
    await rebuildDbExecutor({ yes: true, backup: false }, executorContext());

    expect(database.dump).not.toHaveBeenCalled();
  });

  it('needs a yes and refuses in production', async () => {
    const database = fakeDatabase();
    opened.runtime = fakeRuntime({ database });
    expect(await rebuildDbExecutor({}, executorContext())).toEqual({ success: false });
    opened.runtimeEnv = 'production';
    expect(await rebuildDbExecutor({ yes: true }, executorContext())).toEqual({ success: false });

    expect(database.runSqlFile).not.toHaveBeenCalled();
    expect(console.error).toHaveBeenCalledWith('rebuild-db deletes the database: refused with RUNTIME_ENV=production.');
  });
});
