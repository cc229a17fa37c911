import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, delimiter, join } from 'node:path';
import pg from 'pg';
import { LOCAL_HOST, localDatabaseUrl, publicUrl, type PlatformSettings } from '@coaching/platform-model';
import { run, type Reporter, type RunOptions, type RunResult } from '@coaching/process';
import { installedPostgresClient, isInstalled, POSTGRES_CLIENT, POSTGRES_CLIENT_MAJOR, postgresClientProgram } from '@coaching/tool-cache';
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
  /** Says that the client tools are being installed, the first time a machine needs them. */
  reporter: Reporter;
}

/**
 * The database's tools for the native PostgreSQL: queries through the node client, SQL files, dumps and psql through
 * PostgreSQL's client tools (the npm-packaged server ships none: the machine's when they are recent enough, else the
 * tool cache's, `requiredClientTool`), migrations and seed through the api.
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
    await this.clientTool('pg_dump', ['--format=custom', `--file=${file}`]);
  }

  async restore(file: string): Promise<void> {
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
    const server = Math.floor(Number(await this.queryAsSuperuser('SHOW server_version_num', 'postgres')) / 10_000);
    const program = await requiredClientTool(tool, server, this.options.workspaceRoot, this.options.reporter);
    await run(program, args, { ...options, cwd: this.options.workspaceRoot });
  }
}

/**
 * A PostgreSQL client tool as found on this machine, without installing anything: PG_CLIENT_DIR when set, else the tool
 * cache's copy (`POSTGRES_CLIENT`) once installed, else whatever PATH finds; where that is Debian's and Ubuntu's
 * wrapper, which may pick an older release, the highest /usr/lib/postgresql/<version>/bin (they keep several side by
 * side behind it).
 */
export function clientTool(tool: string, debianFolder = DEBIAN_POSTGRESQL): string {
  const configured = process.env.PG_CLIENT_DIR;
  if (configured) return join(configured, tool);
  if (isInstalled(POSTGRES_CLIENT)) return postgresClientProgram(tool);
  if (!isDebianWrapper(tool)) return tool;
  const versions = existsSync(debianFolder)
    ? readdirSync(debianFolder).filter((version) => existsSync(join(debianFolder, version, 'bin', tool)))
    : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join(debianFolder, newest, 'bin', tool) : tool;
}

const DEBIAN_POSTGRESQL = '/usr/lib/postgresql';

/** Whether the `tool` PATH runs is Debian's pg_wrapper (postgresql-common), which runs one of DEBIAN_POSTGRESQL's. */
function isDebianWrapper(tool: string): boolean {
  const found = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((folder) => join(folder, tool))
    .find((file) => existsSync(file));
  return found !== undefined && basename(realpathSync(found)) === 'pg_wrapper';
}

/** The major release `program --version` reports, 0 when it does not run. */
async function programMajor(program: string, cwd: string): Promise<number> {
  const version = await run(program, ['--version'], { cwd }).catch(() => undefined);
  return Number(/(\d+)(\.\d+)?/.exec(version?.stdout ?? '')?.[1] ?? 0);
}

/** How to install PostgreSQL `major`'s client tools by hand, on each system the docs name (docs/setup.md, step 5). */
export function clientToolsSteps(major: number): string {
  return [
    `Debian 13: \`sudo apt install -y postgresql-client-${major}\``,
    `Debian 12, Ubuntu and Windows (WSL), from the PostgreSQL project's repository: \`sudo apt install -y postgresql-common && sudo /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh && sudo apt install -y postgresql-client-${major}\``,
    `macOS: \`brew install postgresql@${major} && echo 'export PATH="$(brew --prefix postgresql@${major})/bin:$PATH"' >> ~/.zprofile\`, then open a new terminal`,
  ].join('; ');
}

/**
 * The client tool `tool` for a PostgreSQL `server` major, checked before it runs (pg_dump and pg_restore refuse a
 * server newer than themselves, halfway through): what `clientTool` finds when it is that release or newer, else the
 * tool cache's copy, installed once per machine. When neither can be had, the error says what to run on each system.
 */
export async function requiredClientTool(
  tool: string,
  server: number,
  cwd: string,
  reporter: Reporter,
  debianFolder = DEBIAN_POSTGRESQL,
): Promise<string> {
  const found = clientTool(tool, debianFolder);
  const major = await programMajor(found, cwd);
  if (major >= server) return found;
  const have = major
    ? `${tool} ${major} (${found === tool ? 'on PATH' : found}) is older than the platform's PostgreSQL ${server}`
    : `${tool} is not installed`;
  if (server !== POSTGRES_CLIENT_MAJOR) {
    throw new Error(`${have}. Install PostgreSQL ${server}'s client tools: ${clientToolsSteps(server)}`);
  }
  try {
    return await installedPostgresClient(tool, reporter);
  } catch (error) {
    throw new Error(
      `${have}, and installing ${POSTGRES_CLIENT.title} into the tool cache failed: ${(error as Error).message}. ` +
        `Fix that and run the command again, or install PostgreSQL ${server}'s client tools yourself: ${clientToolsSteps(server)}`,
    );
  }
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
