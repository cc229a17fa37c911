import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { run, RunError } from '../process/run';
import type { DatabaseTools } from '../runtime';
import { LOCAL_HOST, localDatabaseUrl } from '../platform/urls';
import type { PlatformSettings } from '../settings';
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
 * The database's tools for the native PostgreSQL: SQL through the node client, dumps and psql through the
 * machine's PostgreSQL client tools (the npm-packaged server ships none), migrations and seed through the api.
 */
export class NativeDatabaseTools implements DatabaseTools {
  constructor(private readonly options: NativeDatabaseToolsOptions) {}

  private get settings(): PlatformSettings {
    return this.options.settings;
  }

  async runSqlFile(file: string, variables: Record<string, string>, database: string): Promise<void> {
    const sql = withPsqlVariables(await readFile(file, 'utf8'), variables);
    const client = new pg.Client({ host: this.options.socketDir, port: this.settings.ports.db, user: 'postgres', database });
    await client.connect();
    try {
      // One statement at a time, as psql sends them: some (DROP DATABASE) refuse to run inside a transaction.
      for (const statement of statements(sql)) await client.query(statement);
    } finally {
      await client.end();
    }
  }

  async query(sql: string): Promise<string> {
    const client = new pg.Client({ connectionString: localDatabaseUrl(this.settings) });
    await client.connect();
    try {
      const result = await client.query({ text: sql, rowMode: 'array' });
      return (result.rows as unknown[][]).map((row) => row.map((value) => (value === null ? '' : String(value))).join('|')).join('\n');
    } finally {
      await client.end();
    }
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
    await run(requireBinary('api', this.options.apiBinary), args, {
      cwd: this.options.workspaceRoot,
      env: { DATABASE_URL: localDatabaseUrl(this.settings), RUNTIME_ENV: this.settings.runtimeEnv },
      stdio: 'inherit',
    });
  }

  /** A PostgreSQL client tool against the application's database, its password in the environment, not in `ps`. */
  private async clientTool(tool: string, args: readonly string[], stdio: 'capture' | 'inherit' = 'capture'): Promise<void> {
    const { user, password, name } = this.settings.database;
    const connection = ['-h', LOCAL_HOST, '-p', String(this.settings.ports.db), '-U', user, '-d', name];
    await run(clientTool(tool), [...connection, ...args], { cwd: this.options.workspaceRoot, env: { PGPASSWORD: password }, stdio }).catch(
      (error: unknown) => {
        if (error instanceof RunError && error.code === 'ENOENT') {
          throw new Error(`${tool} is not installed: install the PostgreSQL client tools (docs/setup.md)`);
        }
        throw error;
      },
    );
  }

  /** pg_dump and pg_restore refuse servers newer than themselves: say so before they fail halfway. */
  private async requireClientTool(tool: string): Promise<void> {
    const server = Math.floor(Number(await this.query('SHOW server_version_num')) / 10_000);
    const version = await run(clientTool(tool), ['--version'], { cwd: this.options.workspaceRoot }).catch(() => undefined);
    const major = Number(/(\d+)(\.\d+)?/.exec(version?.stdout ?? '')?.[1] ?? 0);
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

/** psql's `:"name"` (identifier) and `:'name'` (literal) variables, quoted the way psql quotes them. */
export function withPsqlVariables(sql: string, variables: Record<string, string>): string {
  return sql.replace(/:(["'])([A-Za-z_][A-Za-z0-9_]*)\1/g, (_match, quote: string, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`SQL variable ${name} has no value`);
    return quote === '"' ? `"${value.replace(/"/g, '""')}"` : `'${value.replace(/'/g, "''")}'`;
  });
}

/** The statements of a plain SQL file (comments dropped; no procedural bodies in these files). */
function statements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map((statement) => statement.trim())
    .filter(Boolean);
}
