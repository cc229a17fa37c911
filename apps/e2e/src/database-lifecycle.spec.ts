import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_SCHEMA, type DatabaseRole } from '@coaching/platform-model';
import { consoleReporter, run } from '@coaching/process';
import { freePorts, nativePostgresMajor, requiredClientTool } from '@coaching/runtime';
import { expectDataRightsOnly, queryAs } from './database';
import { nx, settingsWith } from '@coaching/testing';

/**
 * The db targets through Nx, as an operator runs them, against the native runtime's PostgreSQL 17 in a folder of
 * its own (PLATFORM_DATA_DIR) on free ports.
 */
/** The migrations the repository holds: one folder each. */
const MIGRATIONS = readdirSync(join(workspaceRoot, 'apps/db/migration/sql'), { withFileTypes: true }).filter((entry) => entry.isDirectory());

describe('the database lifecycle', () => {
  let env: Record<string, string>;
  let dataDir: string;

  /** One query as `role`: the api's application role unless told. */
  function query(sql: string, role: DatabaseRole = 'app'): Promise<string> {
    return queryAs(settingsWith(env), role, sql);
  }

  async function db(target: string, ...args: string[]) {
    return nx(['run', `db:${target}`, ...args], env);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'db-lifecycle-'));
    // As root, PostgreSQL runs as another user, which must be able to enter this folder.
    chmodSync(dataDir, 0o755);
    env = { ...(await freePorts()), PLATFORM_RUNTIME: 'native', PLATFORM_DATA_DIR: dataDir, BACKUP_DIR: join(dataDir, 'backups') };
  });

  afterAll(async () => {
    await nx(['run', 'platform:down', '--volumes', '--yes'], env);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the database when needed, applies the migrations and lists them', async () => {
    const migrate = await db('migrate');
    expect(migrate.ok, migrate.output).toBe(true);
    expect(migrate.output).toContain('applied m20261126_000001_organizations_and_users');

    const status = await db('migrate', '--status');
    expect(status.ok, status.output).toBe(true);
    expect(status.output.match(/applied\s+\S+ \S+\s+ok/g)).toHaveLength(MIGRATIONS.length);
  });

  it("leaves the api's role data rights only on what the migrator made", async () => {
    await expectDataRightsOnly(settingsWith(env));
  });

  it('rolls migrations back only when told to, then applies them again', async () => {
    const all = `--down=${MIGRATIONS.length}`;
    const unconfirmed = await db('migrate', all);
    expect(unconfirmed.ok).toBe(false);
    expect(unconfirmed.output).toContain('--yes');

    const tables = `SELECT count(*) FROM pg_tables WHERE schemaname = '${PLATFORM_SCHEMA}'`;
    const migrated = await query(tables);
    expect(Number(migrated)).toBeGreaterThan(1);
    expect((await db('migrate', all, '--yes')).ok).toBe(true);
    expect(await query(tables), 'only the bookkeeping table is left').toBe('1');
    expect((await db('migrate')).ok).toBe(true);
    expect(await query(tables)).toBe(migrated);
  });

  it('rebuilds the database twice in a row, backing up first, and leaves the demo data', async () => {
    for (const attempt of [1, 2]) {
      const rebuild = await db('rebuild-db', '--yes');
      expect(rebuild.ok, `attempt ${attempt}: ${rebuild.output}`).toBe(true);
      expect(rebuild.output).toMatch(/Backed up the current data to .+\.dump/);
    }
    expect(await query('SELECT count(*) FROM users')).toBe('6');
    expect(await query('SELECT count(*) FROM coaching_relationships')).toBe('4');
    await expectDataRightsOnly(settingsWith(env));
  });

  /** Every row of the tables people care most about, as text in a stable order: what a restore must give back. */
  async function rows(): Promise<string> {
    const tables = ['organizations', 'users', 'organization_memberships', 'coaching_relationships', 'notes'];
    const dumps = tables.map((table) =>
      query(`SELECT '${table}: ' || count(*) || E'\n' || coalesce(string_agg(t::text, E'\n' ORDER BY t::text), '') FROM ${table} t`),
    );
    return (await Promise.all(dumps)).join('\n');
  }

  it('gives back the same rows after a rebuild, from a backup that pruned the older ones', async () => {
    // A change of its own: the rebuild's fresh demo data cannot pass for the restored data.
    await query(`UPDATE users SET first_name = 'Backed up' WHERE email = (SELECT min(email) FROM users)`);
    const before = await rows();
    const earlier = readdirSync(env.BACKUP_DIR).map((file) => join(env.BACKUP_DIR, file));
    expect(earlier, 'the rebuilds above backed up first').not.toHaveLength(0);

    const backup = await db('backup', '--keep', '1');
    expect(backup.ok, backup.output).toBe(true);
    const file = new RegExp(`Backed up ${settingsWith(env).database.name} to (\\S+\\.dump)`).exec(backup.output)?.[1] ?? '';
    expect(readdirSync(env.BACKUP_DIR).map((name) => join(env.BACKUP_DIR, name))).toEqual([file]);
    for (const deleted of earlier) expect(backup.output).toContain(deleted);

    const rebuild = await db('rebuild-db', '--yes');
    expect(rebuild.ok, rebuild.output).toBe(true);
    expect(await rows()).not.toBe(before);

    const restore = await db('restore', file, '--yes');
    expect(restore.ok, restore.output).toBe(true);
    expect(await rows()).toBe(before);
    await expectDataRightsOnly(settingsWith(env));
  });

  it('finds no drift after migrating, and reports a column added by hand', async () => {
    const clean = await db('drift');
    expect(clean.ok, clean.output).toBe(true);
    expect(clean.output).toContain('agree');

    await query('ALTER TABLE users ADD COLUMN nickname text', 'migrator');
    try {
      const drift = await db('drift');
      expect(drift.ok).toBe(false);
      expect(drift.output).toContain('table users: column nickname is in the database but not in schema.dbml');
    } finally {
      await query('ALTER TABLE users DROP COLUMN nickname', 'migrator');
    }
  });

  it('turns the DBML into SQL that applies cleanly to an empty database', async () => {
    const sql = await db('dbml-sql');
    expect(sql.ok, sql.output).toBe(true);
    const port = env.DB_PORT;
    // A new, empty database, created by the superuser over the server's owner-only socket.
    const admin = new pg.Client({ host: join(dataDir, 'run'), port: Number(port), user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query('CREATE DATABASE dbml_check');
    await admin.end();
    // The machine's psql 17 or newer, else the tool cache's (installed once), as `make psql` finds it.
    const psql = await requiredClientTool('psql', nativePostgresMajor(workspaceRoot), workspaceRoot, consoleReporter);
    const applied = await run(
      psql,
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', join(dataDir, 'run'), '-p', port, '-U', 'postgres', '-d', 'dbml_check'],
      { cwd: workspaceRoot, inputFile: join(workspaceRoot, 'dist', 'apps', 'db', 'schema.sql') },
    );
    expect(applied.stderr).toBe('');
  });
});
