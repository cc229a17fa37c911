import { APP_NAMES, EDGE, type LogSource, type ServiceName } from '@coaching/platform-model';

/** One service as `status` (and the end of `up`) reports it. */
export interface ServiceStatus {
  service: ServiceName;
  state: 'running' | 'stopped' | 'crashed';
  health: 'ready' | 'not ready' | '-';
  url: string;
  /** The platform release it runs (`/ready` natively, the image's label in Docker); none for what we do not build. */
  version?: string;
  /** Where to look next: a log file, an exit code. */
  detail?: string;
}

export interface UpOptions {
  /** In start order, prerequisites included. */
  services: readonly ServiceName[];
}

export interface DownOptions {
  /** Also delete the database's data. Callers confirm with the user first. */
  volumes: boolean;
}

/** What runs for a service right now: which instance (container, process) of which build (image, binary). */
export interface RunningInstance {
  instance: string;
  build: string;
}

/**
 * How the platform runs: in containers (docker) or as local processes (native). Same interface, same table. A runtime
 * offers primitives only; what to do in which order (build, start the database, back up, migrate, seed, start the
 * rest) is decided once for both by the use cases (`@coaching/use-cases`).
 */
export interface Runtime {
  readonly name: 'docker' | 'native';
  /** The services it runs with its settings, in start order (production leaves out the development-only ones). */
  readonly services: readonly ServiceName[];
  /** What `up` replaces when a service's build changes: a docker `image` or a native `binary`. */
  readonly buildKind: 'image' | 'binary';
  /**
   * Builds what `services` run here through the Nx graph (images, or the apps' release binaries); a docker stack that
   * runs a published release builds nothing and pulls the images of it it lacks.
   */
  build(services: readonly ServiceName[]): Promise<void>;
  /**
   * Refuses, before anything starts, when another program holds a port one of `services` publishes here, naming the
   * port and the variable that moves it. What this platform runs itself does not count.
   */
  checkPorts(services: readonly ServiceName[]): Promise<void>;
  /** Starts the database alone, ready for migrations; one already running is left as it is (unless its image changed). */
  startDatabase(): Promise<void>;
  /**
   * Starts `services` other than the database (startDatabase's) and waits until they are ready. `services` is
   * complete, prerequisites included, and the schema is the one their build expects. Running ones whose build changed
   * since they started are replaced; unchanged ones are left running.
   */
  up(options: UpOptions): Promise<ServiceStatus[]>;
  /** Where this runtime keeps the platform's data when it holds some ("volume coaching_postgres_data", ".data/postgres"). */
  heldData(): Promise<string | undefined>;
  /** The services running now, with the instance and build each runs: `up` compares them before and after. */
  instances(): Promise<Partial<Record<ServiceName, RunningInstance>>>;
  down(options: DownOptions): Promise<void>;
  status(): Promise<ServiceStatus[]>;
  /** The database's tools, wherever this runtime keeps them. */
  readonly database: DatabaseTools;
  /** Prints the logs of one source (a service, or production's edge) or all; `follow` keeps printing until interrupted. */
  logs(source: LogSource | undefined, follow: boolean): Promise<void>;
}

/**
 * What the db targets need from a running database: the same operations in both runtimes (inside the db
 * container for docker; for native, PostgreSQL's client tools, the machine's or else the tool cache's, and the release
 * api binary).
 */
export interface DatabaseTools {
  /**
   * Runs a SQL file as the superuser, with psql variables (`:"name"` for identifiers, `:'name'` for literals),
   * connected to `database`.
   */
  runSqlFile(file: string, variables: Record<string, string>, database: string): Promise<void>;
  /**
   * Runs a SQL file as the superuser, connected to `database`, after setting `platform.<name>` for each of `settings`
   * in its session (read with `current_setting`); returns the messages of the NOTICEs it raises, for the caller to
   * say. For files the node client runs too.
   */
  runSqlFileWithSettings(file: string, settings: Record<string, string>, database: string): Promise<string[]>;
  /** One statement as the migrator (the schema's owner); psql's unaligned, tuples-only output. */
  query(sql: string): Promise<string>;
  /** One statement as the superuser, connected to `database`; same output as `query`. */
  queryAsSuperuser(sql: string, database: string): Promise<string>;
  /** A custom-format pg_dump of the application's database into `file`. */
  dump(file: string): Promise<void>;
  /**
   * Loads a custom-format dump, replacing what it contains; nothing more (move-data counts the rows it gave back).
   * `restoreBackup` (database.ts) also voids what lets someone in without a password.
   */
  restore(file: string): Promise<void>;
  /** psql as the migrator: interactive, or just `command`. */
  psql(command: string | undefined): Promise<void>;
  /** A one-off `api` command as the migrator against this database (`migrate status`, `seed`...), its output shown. */
  api(args: readonly string[]): Promise<void>;
  /** The same, its standard output returned instead of shown. */
  apiOutput(args: readonly string[]): Promise<string>;
}

/** The services/health/URL table printed by `up` and `status`. */
export function statusTable(rows: readonly ServiceStatus[]): string {
  const header = { service: 'SERVICE', state: 'STATE', health: 'HEALTH', version: 'VERSION', url: 'URL', detail: '' };
  const lines = [header, ...rows].map((row) => [row.service, row.state, row.health, row.version ?? '-', row.url, row.detail ?? '']);
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  return lines
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Where a person starts using the platform: the ready app latest in start order (web, else api). */
export function entryPoint(rows: readonly ServiceStatus[]): ServiceStatus | undefined {
  return [...APP_NAMES]
    .reverse()
    .map((app) => rows.find((row) => row.service === app && row.health === 'ready'))
    .find(Boolean);
}

/**
 * `source` when it is one of `sources` (undefined for all of them); otherwise an error naming what `stack` (e.g. "the
 * development stack") runs. The edge only runs in the production stack.
 */
export function requireLogSource<Source extends LogSource>(
  source: LogSource | undefined,
  sources: readonly Source[],
  stack: string,
): Source | undefined {
  if (source === undefined || (sources as readonly LogSource[]).includes(source)) return source as Source | undefined;
  const edge = source === EDGE.name ? ' (the HTTPS edge runs only in the production stack, `make up-production`)' : '';
  throw new Error(`${source} does not run in ${stack}${edge}; its logs are those of ${sources.join(', ')}`);
}
