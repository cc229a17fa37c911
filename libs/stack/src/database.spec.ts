import { existsSync, statSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hasData, rebuildDatabase, takeBackup } from './database';
import { DockerDatabaseTools } from './docker/database';
import { NativeRuntime } from './native/runtime';
import { PLATFORM_SCHEMA } from './platform/model';
import { freePort, freeServicePorts } from './ports';
import { run } from './process/run';
import { DEFAULTS, type PlatformSettings } from './settings';

const workspaceRoot = join(__dirname, '..', '..', '..');
const createDatabaseSql = join(workspaceRoot, 'apps', 'db', 'initdb', 'sql', 'create-database.sql');
const createSchemaSql = join(workspaceRoot, 'apps', 'db', 'initdb', 'sql', 'create-schema.sql');
/** Everything a shell, a naive SQL splitter or a quoting slip would trip on. */
const HOSTILE_PASSWORD = `pa ss;wo'rd" $(touch /tmp/stack-pwned) \\ ;\nsecond line`;

function settingsIn(stateDir: string, ports: PlatformSettings['ports']): PlatformSettings {
  return {
    runtimeEnv: 'development',
    bindAddress: DEFAULTS.BIND_ADDRESS,
    ports,
    database: { name: 'lifecycle', user: 'lifecycle_app', password: HOSTILE_PASSWORD, superuserPassword: 'unused' },
    composeProject: 'unused',
    dataDir: stateDir,
    backupDir: join(stateDir, 'backups'),
    runtime: 'native',
  };
}

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
    runtime = new NativeRuntime({ workspaceRoot, settings });
    vi.spyOn(console, 'log').mockImplementation(() => {});
    await runtime.up({ services: ['db'] });
  });
  afterAll(async () => {
    await runtime?.down({ volumes: true });
    await rm(stateDir, { recursive: true, force: true });
  });

  it('starts in a folder whose path has a space, its socket there', () => {
    expect(existsSync(join(stateDir, 'run', `.s.PGSQL.${settings.ports.db}`))).toBe(true);
  });

  it('recreates the role with a password full of ; quotes and spaces, which then logs in', async () => {
    const tools = runtime.database;
    const { name, user, password } = settings.database;
    await tools.runSqlFile(createDatabaseSql, { db: name, app_user: user, app_password: password }, 'postgres');
    await tools.runSqlFile(createSchemaSql, { schema: PLATFORM_SCHEMA, app_user: user }, name);

    expect(await tools.query('SELECT current_user')).toBe(user);
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

  it('has no data while the database does not exist yet', async () => {
    const elsewhere = { ...settings, database: { ...settings.database, name: 'not_created_yet' } };
    expect(await hasData(runtime.database, elsewhere)).toBe(false);
  });

  it('stops a rebuild before dropping anything when it cannot tell whether there is data', async () => {
    const unreachable = { ...settings, ports: { ...settings.ports, db: await freePort() } };
    const tools = new NativeRuntime({ workspaceRoot, settings: unreachable }).database;
    const runSqlFile = vi.spyOn(tools, 'runSqlFile');

    await expect(rebuildDatabase(tools, workspaceRoot, unreachable, { backup: true })).rejects.toThrow(
      /^cannot tell whether database lifecycle holds data to back up, so nothing was dropped: .*(ECONNREFUSED|ENOENT)/,
    );
    expect(runSqlFile).not.toHaveBeenCalled();
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
    const settings = settingsIn(folder, { db: 1, api: 2, web: 3 });

    const backup = await takeBackup(new DockerDatabaseTools(compose, settings), settings);

    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect(statSync(settings.backupDir).mode & 0o777).toBe(0o700);
  });

  it('hand psql the password on its standard input, never on its command line', async () => {
    const compose = vi.fn(async () => ({ stdout: '', stderr: '' }));
    const settings = settingsIn(folder, { db: 1, api: 2, web: 3 });
    await new DockerDatabaseTools(compose, settings).runSqlFile(createDatabaseSql, { db: 'x', app_user: 'y', app_password: 'topsecret' }, 'postgres');

    const [args, options] = compose.mock.calls[0] as unknown as [string[], { input: string }];
    expect(args.join(' ')).not.toContain('topsecret');
    expect(options.input).toContain(`\\set app_password 'topsecret'`);
  });
});
