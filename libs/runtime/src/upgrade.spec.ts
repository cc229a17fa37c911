import { describe, expect, it } from 'vitest';
import { appliedMigrations, migrationsIn } from './upgrade';

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
