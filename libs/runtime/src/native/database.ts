import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { LOCAL_HOST, localDatabaseUrl, publicUrl, type PlatformSettings } from '@coaching/platform-model';
import { run, RunError, type RunOptions, type RunResult } from '@coaching/process';
import { psqlScript } from '../psql';
import type { DatabaseTools } from '../runtime';
import { requireBinary } from './binaries';

export interface NativeDatabaseToolsOptions {
  workspaceRoot: string;
  settings: PlatformSettings;
  /** The folder of the server's owner-only socket, where the superuser logs in without a password. */
  socketDir: string;
  /** The api release binary, for `api migrate` and `api seed`. */
  apiBinary: string | undefined;
}

/**
 * The database's tools for the native PostgreSQL: queries through the node client, SQL files, dumps and psql through
 * the machine's PostgreSQL client tools (the npm-packaged server ships none), migrations and seed through the api.
 */
export class NativeDatabaseTools implements DatabaseTools {
  constructor(private readonly options: NativeDatabaseToolsOptions) {}

  private get settings(): PlatformSettings {
    return this.options.settings;
  }

  async runSqlFile(file: string, variables: Record<string, string>, database: string): Promise<void> {
    // psql, like the Docker image's init scripts: it splits the statements and quotes the variables itself.
    const script = psqlScript(await readFile(file, 'utf8'), variables);
    const superuser = ['-h', this.options.socketDir, '-p', String(this.settings.ports.db), '-U', 'postgres', '-d', database];
    await this.runClientTool('psql', [...superuser, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', '-'], { input: script });
  }

  async runSqlFileWithSettings(file: string, settings: Record<string, string>, database: string): Promise<string[]> {
    // The node client, not psql: `up` needs no client tools on the machine.
    const sql = await readFile(file, 'utf8');
    const client = new pg.Client(this.superuser(database));
    const notices: string[] = [];
    client.on('notice', (notice) => notices.push(notice.message ?? ''));
    await client.connect();
    try {
      await client.query("SELECT set_config('platform.' || key, value, false) FROM json_each_text($1)", [JSON.stringify(settings)]);
      await client.query(sql);
    } finally {
      await client.end();
    }
    return notices;
  }

  async query(sql: string): Promise<string> {
    return queryRows({ connectionString: localDatabaseUrl(this.settings, 'migrator') }, sql);
  }

  async queryAsSuperuser(sql: string, database: string): Promise<string> {
    return queryRows(this.superuser(database), sql);
  }

  /** The superuser over the server's owner-only socket, where it needs no password. */
  private superuser(database: string): pg.ClientConfig {
    return { host: this.options.socketDir, port: this.settings.ports.db, user: 'postgres', database };
  }

  async dump(file: string): Promise<void> {
    await this.requireClientTool('pg_dump');
    await this.clientTool('pg_dump', ['--format=custom', `--file=${file}`]);
  }

  async restore(file: string): Promise<void> {
    await this.requireClientTool('pg_restore');
    await this.clientTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', file]);
  }

  async psql(command: string | undefined): Promise<void> {
    await this.clientTool('psql', ['-X', '-v', 'ON_ERROR_STOP=1', ...(command ? ['-c', command] : [])], 'inherit');
  }

  async api(args: readonly string[]): Promise<void> {
    await this.runApi(args, 'inherit');
  }

  async apiOutput(args: readonly string[]): Promise<string> {
    return (await this.runApi(args, 'capture')).stdout;
  }

  private runApi(args: readonly string[], stdio: RunOptions['stdio']): Promise<RunResult> {
    return run(requireBinary('api', this.options.apiBinary), args, {
      cwd: this.options.workspaceRoot,
      env: {
        DATABASE_URL: localDatabaseUrl(this.settings, 'migrator'),
        RUNTIME_ENV: this.settings.runtimeEnv,
        // Where the links `api admin create` prints open.
        PUBLIC_WEB_ORIGIN: publicUrl(this.settings, 'web'),
      },
      stdio,
    });
  }

  /** A PostgreSQL client tool as the migrator on the application's database, its password in the environment, not in `ps`. */
  private async clientTool(tool: string, args: readonly string[], stdio: 'capture' | 'inherit' = 'capture'): Promise<void> {
    const { user, password } = this.settings.database.migrator;
    const connection = ['-h', LOCAL_HOST, '-p', String(this.settings.ports.db), '-U', user, '-d', this.settings.database.name];
    await this.runClientTool(tool, [...connection, ...args], { env: { PGPASSWORD: password }, stdio });
  }

  private async runClientTool(tool: string, args: readonly string[], options: Omit<RunOptions, 'cwd'>): Promise<void> {
    await run(clientTool(tool), args, { ...options, cwd: this.options.workspaceRoot }).catch((error: unknown) => {
      if (error instanceof RunError && error.code === 'ENOENT') {
        throw new Error(`${tool} is not installed: install the PostgreSQL client tools (docs/setup.md)`);
      }
      throw error;
    });
  }

  /** pg_dump and pg_restore refuse servers newer than themselves: say so before they fail halfway. */
  private async requireClientTool(tool: string): Promise<void> {
    const server = Math.floor(Number(await this.query('SHOW server_version_num')) / 10_000);
    const major = await clientToolMajor(tool, this.options.workspaceRoot);
    if (major < server) {
      throw new Error(
        `${tool} ${major || '(not installed)'} cannot work with PostgreSQL ${server}: install the PostgreSQL ${server} client tools (docs/setup.md)`,
      );
    }
  }
}

/**
 * A PostgreSQL client tool, newest version first: PG_CLIENT_DIR when set, else the highest
 * /usr/lib/postgresql/<version>/bin (Debian and Ubuntu keep several side by side, and the wrapper on PATH may pick
 * an older one), else whatever PATH finds.
 */
export function clientTool(tool: string): string {
  const configured = process.env.PG_CLIENT_DIR;
  if (configured) return join(configured, tool);
  const versions = existsSync(DEBIAN_POSTGRESQL)
    ? readdirSync(DEBIAN_POSTGRESQL).filter((version) => existsSync(join(DEBIAN_POSTGRESQL, version, 'bin', tool)))
    : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join(DEBIAN_POSTGRESQL, newest, 'bin', tool) : tool;
}

const DEBIAN_POSTGRESQL = '/usr/lib/postgresql';

/** The major release of the client tool `clientTool` finds, 0 when there is none. */
export async function clientToolMajor(tool: string, cwd: string): Promise<number> {
  const version = await run(clientTool(tool), ['--version'], { cwd }).catch(() => undefined);
  return Number(/(\d+)(\.\d+)?/.exec(version?.stdout ?? '')?.[1] ?? 0);
}

/** One statement's rows through the node client, as psql's unaligned, tuples-only output prints them. */
export async function queryRows(connection: pg.ClientConfig, sql: string): Promise<string> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    const result = await client.query({ text: sql, rowMode: 'array' });
    return (result.rows as unknown[][]).map((row) => row.map((value) => (value === null ? '' : String(value))).join('|')).join('\n');
  } finally {
    await client.end();
  }
}
