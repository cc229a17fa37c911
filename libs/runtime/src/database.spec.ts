import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PORTS, localDatabaseUrl, PLATFORM_SCHEMA, type DatabaseRole, type PlatformSettings } from '@coaching/platform-model';
import { run, silentReporter } from '@coaching/process';
import { backupBefore, backupFileName, backupsBeyond, createDatabase, grantApplicationRole, hasData, restoreBackup, takeBackup } from './database';
import { DockerDatabaseTools } from './docker/database';
import { POSTGRES_CLIENT_MAJOR, postgresClientProgram } from '@coaching/tool-cache';
import { queryRows, requiredClientTool } from './native/database';
import { nativePostgresMajor } from './native/postgres';
import { NativeRuntime } from './native/runtime';
import { freeServicePorts } from './ports';
import { settingsInFolder } from './settings';

const workspaceRoot = join(__dirname, '..', '..', '..');
const createSchemaSql = join(workspaceRoot, 'apps', 'db', 'initdb', 'sql', 'create-schema.sql');
const migrations = join(workspaceRoot, 'apps', 'db', 'migration', 'sql');
/** Everything a shell, a naive SQL splitter or a quoting slip would trip on; its first part is in both passwords. */
const HOSTILE_PASSWORD = `pa ss;wo'rd" $(touch /tmp/stack-pwned) \\ ;\nsecond line`;

function settingsIn(stateDir: string, ports: PlatformSettings['ports']): PlatformSettings {
  return settingsInFolder(stateDir, ports, {
    name: 'lifecycle',
    migrator: { user: 'lifecycle_owner', password: HOSTILE_PASSWORD },
    app: { user: 'lifecycle_app', password: `${HOSTILE_PASSWORD} (app)` },
    superuserPassword: 'unused',
  });
}

/** `settings` for another database of the same server, with its own migrator and application logins ([user, password]). */
function withDatabase(settings: PlatformSettings, name: string, migrator: [string, string], app: [string, string]): PlatformSettings {
  const login = ([user, password]: [string, string]) => ({ user, password });
  return { ...settings, database: { ...settings.database, name, migrator: login(migrator), app: login(app) } };
}

/** One statement as `role` over TCP with its password, as the api and the migrator log in. */
function queryAs(settings: PlatformSettings, role: DatabaseRole, sql: string): Promise<string> {
  return queryRows({ connectionString: localDatabaseUrl(settings, role) }, sql);
}

/** Several statements as `role` over TCP, in one go. */
async function scriptAs(settings: PlatformSettings, role: DatabaseRole, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: localDatabaseUrl(settings, role) });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The database as an install made before the application role existed left it: the migrator owns all, one table. */
async function legacyDatabase(tools: NativeRuntime['database'], settings: PlatformSettings): Promise<void> {
  await createDatabase(tools, workspaceRoot, settings);
  await tools.query(`CREATE TABLE ${PLATFORM_SCHEMA}.notes (id serial PRIMARY KEY, body text)`);
}

/** The repository's migrations, as the migrator in folder (= catalog) order: the real tables, without the api binary. */
async function migrated(settings: PlatformSettings): Promise<void> {
  const folders = readdirSync(migrations, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  for (const migration of folders.map((entry) => entry.name).sort()) {
    await scriptAs(settings, 'migrator', await readFile(join(migrations, migration, 'up.sql'), 'utf8'));
  }
}

describe('the backups beyond the newest N', () => {
  const named = (at: string) => backupFileName(settingsIn('/unused', DEFAULT_PORTS), new Date(at));
  const [oldest, older, newest] = ['2026-01-01T02:00:00Z', '2026-01-02T02:00:00Z', '2026-11-26T02:00:05Z'].map(named);

  it('are the oldest of the names backup gives, whatever order the folder lists them in', () => {
    expect(oldest).toBe('lifecycle-20260101-020000.dump');
    expect(backupsBeyond([newest, oldest, older], 'lifecycle', 1)).toEqual([oldest, older]);
    expect(backupsBeyond([newest, oldest, older], 'lifecycle', 2)).toEqual([oldest]);
    expect(backupsBeyond([newest, oldest, older], 'lifecycle', 3)).toEqual([]);
    expect(backupsBeyond([], 'lifecycle', 1)).toEqual([]);
  });

  it('name the backup taken just before a migration: the newest not after it, of this database only', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'backups-before-'));
    try {
      const settings = { ...settingsIn(folder, DEFAULT_PORTS), backupDir: folder };
      for (const file of [oldest, older, newest, 'other-20260102-030000.dump']) writeFileSync(join(folder, file), '');
      expect(await backupBefore(settings, new Date('2026-01-02T02:59:59Z'))).toBe(join(folder, older));
      expect(await backupBefore(settings, new Date('2026-01-02T02:00:00Z'))).toBe(join(folder, older));
      expect(await backupBefore(settings, new Date('2025-12-31T00:00:00Z'))).toBeUndefined();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("never include another database's backups or any other file", () => {
    const others = [
      'other-20200101-000000.dump',
      'lifecycle_legacy-20200101-000000.dump',
      'lifecycle-x-20200101-000000.dump',
      'lifecycle-20200101-000000.dump.partial',
      'lifecycle-20200101-000000.sql',
      'lifecycle-2020-01-01.dump',
      'notes.txt',
    ];
    expect(backupsBeyond([...others, newest], 'lifecycle', 1)).toEqual([]);
    expect(backupsBeyond([...others, oldest, newest], 'lifecycle', 1)).toEqual([oldest]);
  });

  it('keep a positive whole number only', () => {
    for (const keep of [0, -1, 1.5, Number.NaN]) {
      expect(() => backupsBeyond([oldest], 'lifecycle', keep)).toThrow(`keep must be a positive whole number of backups, not ${keep}`);
    }
  });
});

describe('the database lifecycle on the native PostgreSQL', () => {
  let stateDir: string;
  let settings: PlatformSettings;
  let runtime: NativeRuntime;

  beforeAll(async () => {
    // A space in the path: pg_ctl passes the socket folder through /bin/sh.
    stateDir = await mkdtemp(join(tmpdir(), 'stack database-'));
    // As root, PostgreSQL runs as another user, which must be able to enter this folder.
    await chmod(stateDir, 0o755);
    settings = settingsIn(stateDir, await freeServicePorts());
    runtime = new NativeRuntime({ workspaceRoot, settings, reporter: silentReporter });
    await runtime.startDatabase();
  });
  afterAll(async () => {
    await runtime?.down({ volumes: true });
    await rm(stateDir, { recursive: true, force: true });
  });

  it('starts in a folder whose path has a space, its socket there', () => {
    expect(existsSync(join(stateDir, 'run', `.s.PGSQL.${settings.ports.db}`))).toBe(true);
  });

  it('recreates both roles with passwords full of ; quotes and spaces, sending the server only their verifiers', async () => {
    const tools = runtime.database;
    const { migrator, app } = settings.database;
    // Every statement the server receives, with its parameters, in its log; restarted, as `up` sets the migrator's
    // password on start.
    await tools.queryAsSuperuser("ALTER SYSTEM SET log_statement = 'all'", 'postgres');
    await runtime.down({ volumes: false });
    await runtime.startDatabase();
    try {
      await createDatabase(tools, workspaceRoot, settings);
      await grantApplicationRole(tools, workspaceRoot, settings, silentReporter);
    } finally {
      await tools.queryAsSuperuser('ALTER SYSTEM RESET log_statement', 'postgres');
      await tools.queryAsSuperuser('SELECT pg_reload_conf()', 'postgres');
    }

    const log = await readFile(join(stateDir, 'logs', 'db.log'), 'utf8');
    expect(log).not.toContain('pa ss;wo');
    // What was sent instead: the start's ALTER ROLE, and role-password.sql's input (a bind parameter of the node client).
    expect(log).toContain(`ALTER ROLE ${migrator.user} LOGIN PASSWORD 'SCRAM-SHA-256$4096:`);
    expect(log).toContain('DO $role_password$');
    expect(log).toContain(`"password_verifier":"SCRAM-SHA-256$4096:`);
    expect(await tools.query('SELECT current_user')).toBe(migrator.user);
    expect(await queryAs(settings, 'app', 'SELECT current_user')).toBe(app.user);
    expect(existsSync('/tmp/stack-pwned')).toBe(false);
  });

  it('has data only once the platform schema holds a table, and backs it up owner-only', async () => {
    const tools = runtime.database;
    expect(await hasData(tools, settings)).toBe(false);
    await tools.query(`CREATE TABLE ${PLATFORM_SCHEMA}.sample (id int)`);
    expect(await hasData(tools, settings)).toBe(true);

    const backup = await takeBackup(tools, settings);

    expect(statSync(backup).size).toBeGreaterThan(0);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect(statSync(settings.backupDir).mode & 0o777).toBe(0o700);
  });

  it("backs up on a machine without PostgreSQL's client tools or Python, with the ones the tool cache installs", async () => {
    const saved = { PATH: process.env['PATH'], XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'], PG_CLIENT_DIR: process.env['PG_CLIENT_DIR'] };
    const folder = await mkdtemp(join(tmpdir(), 'client-tools-'));
    try {
      // A PATH with tar and gzip (what the install runs besides Node) and no PostgreSQL program, no Python, no
      // /usr/lib/postgresql, an empty tool cache.
      const bin = join(folder, 'bin');
      await mkdir(bin);
      for (const program of ['tar', 'gzip']) {
        await symlink((await run('sh', ['-c', `command -v ${program}`], { cwd: workspaceRoot })).stdout.trim(), join(bin, program));
      }
      process.env['XDG_CACHE_HOME'] = join(folder, 'cache');
      process.env['PATH'] = bin;
      delete process.env['PG_CLIENT_DIR'];
      const server = nativePostgresMajor(workspaceRoot);
      expect(server).toBe(POSTGRES_CLIENT_MAJOR);

      const pgDump = await requiredClientTool('pg_dump', server, workspaceRoot, silentReporter, join(folder, 'no-debian-postgresql'));

      expect(pgDump).toBe(postgresClientProgram('pg_dump'));
      expect((await run(pgDump, ['--version'], { cwd: workspaceRoot })).stdout).toMatch(new RegExp(`^pg_dump \\(PostgreSQL\\) ${server}\\.`));
      // The runtime's backup finds the installed copy, and its pg_restore reads the dump back.
      await runtime.database.query(`CREATE TABLE ${PLATFORM_SCHEMA}.dumped_by_the_cached_client (id int)`);
      const backup = await takeBackup(runtime.database, settings);
      const listing = await run(postgresClientProgram('pg_restore'), ['--list', backup], { cwd: workspaceRoot });
      expect(listing.stdout).toContain(`TABLE ${PLATFORM_SCHEMA} dumped_by_the_cached_client`);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("gives the application role rows to read and write, and nothing of the schema's", async () => {
    // Created by the migrator after the grant, as a later migration would: the default privileges cover it.
    await runtime.database.query(`CREATE TABLE ${PLATFORM_SCHEMA}.later (id serial PRIMARY KEY, body text)`);
    const asApp = (sql: string) => queryAs(settings, 'app', sql);

    await asApp(`INSERT INTO later (body) VALUES ('a row')`);
    expect(await asApp('SELECT body FROM later')).toBe('a row');
    await asApp(`UPDATE later SET body = 'changed'`);
    await asApp('DELETE FROM later');
    await expect(asApp('DROP TABLE later')).rejects.toThrow(/must be owner of table later/);
    await expect(asApp('ALTER TABLE later ADD COLUMN extra int')).rejects.toThrow(/must be owner of table later/);
    await expect(asApp('TRUNCATE later')).rejects.toThrow(/permission denied for table later/);
    await expect(asApp(`CREATE TABLE ${PLATFORM_SCHEMA}.intruder (id int)`)).rejects.toThrow(/permission denied for schema/);
    await expect(asApp('CREATE TABLE public.intruder (id int)')).rejects.toThrow(/permission denied for schema public/);
  });

  it('converges a database made before the application role existed, and again without change', async () => {
    const legacy = withDatabase(settings, 'lifecycle_legacy', ['legacy_owner', 'owner'], ['legacy_app', 'app']);
    const tools = new NativeRuntime({ workspaceRoot, settings: legacy, reporter: silentReporter }).database;
    await legacyDatabase(tools, legacy);
    await expect(queryAs(legacy, 'app', 'SELECT 1')).rejects.toThrow(/password authentication failed/);

    await grantApplicationRole(tools, workspaceRoot, legacy, silentReporter);
    await grantApplicationRole(tools, workspaceRoot, legacy, silentReporter);

    await queryAs(legacy, 'app', `INSERT INTO notes (body) VALUES ('kept')`);
    expect(await queryAs(legacy, 'app', 'SELECT body FROM notes')).toBe('kept');
    await expect(queryAs(legacy, 'app', 'DROP TABLE notes')).rejects.toThrow(/must be owner of table notes/);
    expect(await tools.query(`SELECT tableowner FROM pg_tables WHERE tablename = 'notes'`)).toBe('legacy_owner');
  });

  it('refuses to make the migrator the application role', async () => {
    const same = { ...settings, database: { ...settings.database, app: settings.database.migrator } };
    await expect(grantApplicationRole(runtime.database, workspaceRoot, same, silentReporter)).rejects.toThrow(
      /the application role must not be the migrator role lifecycle_owner/,
    );
  });

  it('has no data while the database does not exist yet', async () => {
    const elsewhere = { ...settings, database: { ...settings.database, name: 'not_created_yet' } };
    expect(await hasData(runtime.database, elsewhere)).toBe(false);
  });

  describe('a restore', () => {
    let restored: PlatformSettings;
    let tools: NativeRuntime['database'];
    const asMigrator = (sql: string) => queryAs(restored, 'migrator', sql);

    beforeAll(async () => {
      restored = withDatabase(settings, 'lifecycle_restore', ['restore_owner', 'owner password'], ['restore_app', 'app password']);
      tools = new NativeRuntime({ workspaceRoot, settings: restored, reporter: silentReporter }).database;
      await createDatabase(tools, workspaceRoot, restored);
      await grantApplicationRole(tools, workspaceRoot, restored, silentReporter);
      await migrated(restored);
    });

    it('leaves no login session, unused link or pending invitation of the backup usable', async () => {
      await scriptAs(
        restored,
        'migrator',
        `INSERT INTO organizations (id, name, slug) VALUES ('00000000-0000-4000-8000-00000000000a', 'Backed up', 'backed-up');
         INSERT INTO users (id, email, password_hash, first_name, last_name)
           VALUES ('00000000-0000-4000-8000-000000000001', 'coach@example.org', 'unused', 'A', 'Coach');
         INSERT INTO auth_sessions (id, user_id, expires_at) VALUES ('session', '00000000-0000-4000-8000-000000000001', now() + interval '1 day');
         INSERT INTO one_time_links (id, user_id, purpose, expires_at, used_at) VALUES
           ('unused', '00000000-0000-4000-8000-000000000001', 'set_password', now() + interval '1 day', NULL),
           ('used', '00000000-0000-4000-8000-000000000001', 'set_password', now() + interval '1 day', '2026-01-01T00:00:00Z');
         INSERT INTO invitations (token_digest, organization_id, email, role, expires_at, accepted_at, revoked_at) VALUES
           ('pending', '00000000-0000-4000-8000-00000000000a', 'new@example.org', 'member', now() + interval '1 day', NULL, NULL),
           ('accepted', '00000000-0000-4000-8000-00000000000a', 'coach@example.org', 'member', now() + interval '1 day', '2026-01-01T00:00:00Z', NULL),
           ('revoked', '00000000-0000-4000-8000-00000000000a', 'old@example.org', 'member', now() + interval '1 day', NULL, '2026-01-01T00:00:00Z');`,
      );
      const backup = await takeBackup(tools, restored);
      await asMigrator('DELETE FROM organizations');

      const voided = await restoreBackup(tools, workspaceRoot, restored, backup);

      expect(voided).toEqual(
        expect.arrayContaining([
          'login sessions (auth_sessions) deleted: 1',
          'unused one-time links (one_time_links) marked used: 1',
          'pending invitations (invitations) revoked: 1',
        ]),
      );
      expect(await asMigrator('SELECT count(*) FROM auth_sessions')).toBe('0');
      const untouched = "= '2026-01-01T00:00:00Z'";
      expect(await asMigrator(`SELECT id, used_at ${untouched} FROM one_time_links ORDER BY id`)).toBe('unused|false\nused|true');
      expect(await asMigrator(`SELECT token_digest, accepted_at ${untouched}, revoked_at ${untouched} FROM invitations ORDER BY token_digest`)).toBe(
        'accepted|true|\npending||false\nrevoked||true',
      );
      // The rest of the backup is back, and the api's role still reads it.
      expect(await queryAs(restored, 'app', 'SELECT email FROM users')).toBe('coach@example.org');
    });

    it('skips the tables an older backup does not have, and empties them when it has them', async () => {
      await asMigrator('DROP TABLE IF EXISTS login_devices, throttle_buckets');
      const older = await takeBackup(tools, restored);
      expect(await restoreBackup(tools, workspaceRoot, restored, older)).toEqual(
        expect.arrayContaining([
          'remembered devices (login_devices): none, no such table in this database',
          'rate-limit buckets (throttle_buckets): none, no such table in this database',
        ]),
      );

      // Stand-ins, whatever the migration that adds them makes of them: only their rows matter here.
      await scriptAs(
        restored,
        'migrator',
        `CREATE TABLE login_devices (id text); INSERT INTO login_devices VALUES ('device');
         CREATE TABLE throttle_buckets (key text); INSERT INTO throttle_buckets VALUES ('one'), ('two');`,
      );
      const newer = await takeBackup(tools, restored);
      expect(await restoreBackup(tools, workspaceRoot, restored, newer)).toEqual(
        expect.arrayContaining(['remembered devices (login_devices) deleted: 1', 'rate-limit buckets (throttle_buckets) deleted: 2']),
      );
      expect(await asMigrator('SELECT (SELECT count(*) FROM login_devices) + (SELECT count(*) FROM throttle_buckets)')).toBe('0');
    });
  });
});

describe('the docker database tools', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'stack-docker-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('write a backup from the container output owner-only', async () => {
    // The container's output lands in the file the way compose's would: through run's outputFile.
    const compose = vi.fn((_args: readonly string[], options = {}) =>
      run(process.execPath, ['-e', 'process.stdout.write("PGDMP")'], { ...options, cwd: folder }),
    );
    const settings = settingsIn(folder, { db: 1, mail: 2, api: 3, web: 4, smtp: 5 });

    const backup = await takeBackup(new DockerDatabaseTools(compose, settings), settings);

    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect(statSync(settings.backupDir).mode & 0o777).toBe(0o700);
  });

  it('hand psql its variables on its standard input, never on its command line', async () => {
    const compose = vi.fn(async () => ({ stdout: '', stderr: '' }));
    const settings = settingsIn(folder, { db: 1, mail: 2, api: 3, web: 4, smtp: 5 });
    await new DockerDatabaseTools(compose, settings).runSqlFile(createSchemaSql, { schema: 'x', migrator: 'the owner' }, 'lifecycle');

    const [args, options] = compose.mock.calls[0] as unknown as [string[], { input: string }];
    expect(args.join(' ')).not.toContain('the owner');
    expect(options.input).toContain(`\\set migrator 'the owner'`);
  });

  it("grant the application role as the superuser, then send only its password's verifier, on psql's standard input", async () => {
    const stderr = 'psql:<stdin>:40: NOTICE:  created role lifecycle_app (data rights only)';
    const compose = vi.fn(async () => ({ stdout: '', stderr }));
    const reporter = { ...silentReporter, info: vi.fn() };
    const settings = settingsIn(folder, { db: 1, mail: 2, api: 3, web: 4, smtp: 5 });
    await grantApplicationRole(new DockerDatabaseTools(compose, settings), workspaceRoot, settings, reporter);

    const [[grantArgs, grant], [passwordArgs, password]] = compose.mock.calls as unknown as [string[], { input: string }][];
    expect(grantArgs).toEqual(expect.arrayContaining(['exec', '-T', 'db', 'psql', '-U', 'postgres', '-d', 'lifecycle']));
    expect(grant.input).toContain('DO $application_role$');
    expect(passwordArgs).toEqual(expect.arrayContaining(['exec', '-T', 'db', 'psql', '-U', 'postgres', '-d', 'postgres']));
    expect(password.input).toContain(`\\set role 'lifecycle_app'`);
    expect(password.input).toMatch(/\\set password_verifier 'SCRAM-SHA-256\$4096:/);
    expect(password.input).toContain(`SET platform.password_verifier = :'password_verifier';`);
    for (const sent of [...grantArgs, grant.input, ...passwordArgs, password.input]) expect(sent).not.toContain('pa ss;wo');
    expect(reporter.info).toHaveBeenCalledWith('created role lifecycle_app (data rights only)');
  });
});
