import { describe, expect, it, vi } from 'vitest';
import { appliedMigrations, migrationsIn, MigrationFailed, prepareDatabase } from './schema';
import { fakePlatform } from './testing';

/** `api migrate status` as the migrator prints it (apps/db/migration/src/cli.rs). */
const STATUS = [
  'migration                                  state     applied at (UTC)     checksum',
  'm20261126_000001_organizations_and_users   applied   2026-11-26 14:30:05  ok',
  'm20261206_900000_summary                   applied   2026-12-06 05:12:40  ok',
  'm20261207_000009_agendas                   pending                        -',
].join('\n');

describe('the migrator status table', () => {
  it('lists the migrations in each state, in order', () => {
    expect(migrationsIn(STATUS, 'pending')).toEqual(['m20261207_000009_agendas']);
    expect(migrationsIn(STATUS, 'applied')).toEqual(['m20261126_000001_organizations_and_users', 'm20261206_900000_summary']);
  });

  it('tells when each applied migration was applied (UTC)', () => {
    expect(appliedMigrations(STATUS)).toEqual([
      { name: 'm20261126_000001_organizations_and_users', appliedAt: new Date('2026-11-26T14:30:05Z') },
      { name: 'm20261206_900000_summary', appliedAt: new Date('2026-12-06T05:12:40Z') },
    ]);
  });
});

describe('prepareDatabase', () => {
  const pending = (names: string[]) => names.map((name) => `${name}  pending`).join('\n');

  it('migrates, then loads the demo data in development', async () => {
    const platform = fakePlatform({ runtimeEnv: 'development' });
    vi.mocked(platform.runtime.database.apiOutput).mockResolvedValue(pending(['m1']));

    expect(await prepareDatabase(platform, { backup: true })).toEqual({ applied: ['m1'], backup: undefined, backupSkipped: 'none (a new database)' });
    expect(vi.mocked(platform.runtime.database.api).mock.calls).toEqual([[['migrate', 'up']], [['seed']]]);
  });

  it('only migrates in production', async () => {
    const platform = fakePlatform({ runtimeEnv: 'production' });
    vi.mocked(platform.runtime.database.apiOutput).mockResolvedValue(pending(['m1']));

    await prepareDatabase(platform, { backup: true });
    expect(vi.mocked(platform.runtime.database.api).mock.calls).toEqual([[['migrate', 'up']]]);
  });

  it('seeds nothing when a migration fails, and says the schema is as it was', async () => {
    const platform = fakePlatform({ runtimeEnv: 'development' });
    vi.mocked(platform.runtime.database.apiOutput).mockResolvedValue(pending(['m1', 'm2']));
    vi.mocked(platform.runtime.database.api).mockRejectedValue(new Error('migration m2 failed'));

    await expect(prepareDatabase(platform, { backup: true })).rejects.toThrow(MigrationFailed);
    expect(platform.runtime.database.api).toHaveBeenCalledTimes(1);
  });

  it('runs no migration when none is pending, and seeds in development all the same', async () => {
    const platform = fakePlatform({ runtimeEnv: 'development' });

    expect(await prepareDatabase(platform, { backup: true })).toEqual({ applied: [] });
    expect(vi.mocked(platform.runtime.database.api).mock.calls).toEqual([[['seed']]]);
  });
});
