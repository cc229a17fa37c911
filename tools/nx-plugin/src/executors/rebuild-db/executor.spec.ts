import { logger } from '@nx/devkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PLATFORM_SCHEMA } from '@coaching/platform-model';
import { fakeDatabase, fakeRuntime } from '@coaching/runtime/testing';
import { executorContext, muteLogger, opened, openWith } from '../shared/testing';

const settings = {
  runtimeEnv: 'development' as const,
  backupDir: '/repo/backups',
  database: {
    name: 'refactor_platform',
    migrator: { user: 'refactor', password: 'secret' },
    app: { user: 'refactor_app', password: 'app secret' },
    superuserPassword: 'root',
  },
};
vi.mock('../shared/runtime');

/** What the superuser answers about a database that exists, its platform schema holding `tables` tables. */
function existing(tables: string): Record<string, string> {
  return {
    "SELECT count(*) FROM pg_database WHERE datname = 'refactor_platform'": '1',
    [`SELECT count(*) FROM pg_tables WHERE schemaname = '${PLATFORM_SCHEMA}'`]: tables,
  };
}

import rebuildDbExecutor from './executor';

describe('rebuild-db', () => {
  beforeEach(() => muteLogger());

  it('backs up existing data, recreates the roles, database and schema, migrates and seeds', async () => {
    const database = fakeDatabase(existing('12'));
    // The new schema, as `api migrate status` lists it.
    vi.mocked(database.apiOutput).mockResolvedValue('m20261126_000001_organizations_and_users  pending');
    openWith(settings, fakeRuntime({ database }));

    expect(await rebuildDbExecutor({ yes: true }, executorContext('/repo'))).toEqual({ success: true });
    expect(database.dump).toHaveBeenCalledWith(expect.stringMatching(/^\/repo\/backups\/refactor_platform-\d{8}-\d{6}\.dump$/));
    expect(database.runSqlFile).toHaveBeenNthCalledWith(
      1,
      '/repo/apps/db/initdb/sql/create-database.sql',
      { db: 'refactor_platform', migrator: 'refactor' },
      'postgres',
    );
    expect(database.runSqlFile).toHaveBeenNthCalledWith(
      2,
      '/repo/apps/db/initdb/sql/create-schema.sql',
      { schema: PLATFORM_SCHEMA, migrator: 'refactor' },
      'refactor_platform',
    );
    const verifier = expect.stringMatching(/^SCRAM-SHA-256\$4096:/);
    expect(vi.mocked(database.runSqlFileWithSettings).mock.calls).toEqual([
      ['/repo/apps/db/initdb/sql/role-password.sql', { role: 'refactor', password_verifier: verifier }, 'postgres'],
      [
        '/repo/apps/db/initdb/sql/application-role.sql',
        { schema: PLATFORM_SCHEMA, migrator: 'refactor', app_user: 'refactor_app' },
        'refactor_platform',
      ],
      ['/repo/apps/db/initdb/sql/role-password.sql', { role: 'refactor_app', password_verifier: verifier }, 'postgres'],
    ]);
    expect(vi.mocked(database.apiOutput).mock.calls).toEqual([[['migrate', 'status']]]);
    expect(vi.mocked(database.api).mock.calls).toEqual([[['migrate', 'up']], [['seed']]]);
  });

  it('skips the backup of an empty database, and on request', async () => {
    const database = fakeDatabase(existing('0'));
    openWith(settings, fakeRuntime({ database }));
    await rebuildDbExecutor({ yes: true }, executorContext());
    await rebuildDbExecutor({ yes: true, backup: false }, executorContext());

    expect(database.dump).not.toHaveBeenCalled();
  });

  it('drops nothing when it cannot tell whether there is data to back up', async () => {
    const database = fakeDatabase();
    vi.mocked(database.queryAsSuperuser).mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    openWith(settings, fakeRuntime({ database }));

    expect(await rebuildDbExecutor({ yes: true }, executorContext())).toEqual({ success: false });
    expect(database.runSqlFile).not.toHaveBeenCalled();
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('ECONNREFUSED'));
  });

  it('needs a yes and refuses in production', async () => {
    const database = fakeDatabase();
    openWith(settings, fakeRuntime({ database }));
    expect(await rebuildDbExecutor({}, executorContext())).toEqual({ success: false });
    opened.settings = { ...settings, runtimeEnv: 'production' };
    expect(await rebuildDbExecutor({ yes: true }, executorContext())).toEqual({ success: false });

    expect(database.runSqlFile).not.toHaveBeenCalled();
    expect(logger.error).toHaveBeenCalledWith('rebuild-db deletes the database: refused with RUNTIME_ENV=production.');
  });
});
