import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../process/run';
import { DEVELOPMENT_PROFILE, SECRET_FILES, servicesIn, type ServiceName } from '../platform/model';
import { publicUrl } from '../platform/urls';
import type { DownOptions, Runtime, ServiceStatus, UpOptions } from '../runtime';
import { composeEnvironment, type PlatformSettings } from '../settings';
import { type Compose, DockerDatabaseTools } from './database';
import { requireDocker } from './engine';

export interface DockerRuntimeOptions {
  workspaceRoot: string;
  settings: PlatformSettings;
  /** Compose files, relative to the workspace root. */
  files?: readonly string[];
}

/** One container as `docker compose ps --format json` describes it. */
interface ComposeContainer {
  Service: string;
  State: string;
  Health: string;
  ExitCode: number;
}

/** The one-shot services: they finish, and `up` waits for that. */
const ONE_SHOT = ['db-roles', 'migrate', 'seed'];

/** The platform in containers, driven through Docker Compose v2 (`compose.yaml`). */
export class DockerRuntime implements Runtime {
  readonly name = 'docker';

  readonly database: DockerDatabaseTools;

  constructor(private readonly options: DockerRuntimeOptions) {
    this.database = new DockerDatabaseTools((args, options) => this.compose(args, options), options.settings);
  }

  private get settings(): PlatformSettings {
    return this.options.settings;
  }

  /** `docker compose -f … -p …` from the workspace root, with the settings as its variables. */
  composeCommand(args: readonly string[]): string[] {
    const files = (this.options.files ?? ['compose.yaml']).flatMap((file) => ['-f', file]);
    return ['compose', ...files, '-p', this.settings.composeProject, ...this.profiles(), ...args];
  }

  /** The services this stack runs (production leaves out the mail catcher), in start order. */
  get services(): readonly ServiceName[] {
    return servicesIn(this.settings.runtimeEnv);
  }

  /** The development profile holds what runs in development only: the demo data (seed) and the mail catcher. */
  private profiles(): string[] {
    return this.settings.runtimeEnv === 'development' ? ['--profile', DEVELOPMENT_PROFILE] : [];
  }

  /** Where compose.yaml reads the password files (SECRETS_DIR, `.secrets/` by default). */
  private get secretsDir(): string {
    return join(this.options.workspaceRoot, '.secrets');
  }

  /** The passwords from the settings, as the files compose mounts as secrets (owner-only folder). */
  private async writeSecrets(): Promise<void> {
    await mkdir(this.secretsDir, { recursive: true, mode: 0o700 });
    await chmod(this.secretsDir, 0o700);
    const { migrator, app, superuserPassword } = this.settings.database;
    const passwords: Record<keyof typeof SECRET_FILES, string> = { superuser: superuserPassword, migrator: migrator.password, app: app.password };
    for (const [login, file] of Object.entries(SECRET_FILES)) {
      // Readable inside the containers, whose users are not this one; the folder keeps others out.
      await writeFile(join(this.secretsDir, file), passwords[login as keyof typeof SECRET_FILES], { mode: 0o644 });
    }
  }

  /** `docker compose` for this stack, after writing the password files it mounts. */
  private async compose(...[args, options = {}]: Parameters<Compose>): ReturnType<Compose> {
    await this.writeSecrets();
    return run('docker', this.composeCommand(args), {
      ...options,
      cwd: this.options.workspaceRoot,
      env: { ...composeEnvironment(this.settings), SECRETS_DIR: this.secretsDir },
    });
  }

  async isUp(services: readonly ServiceName[]): Promise<boolean> {
    const status = await this.status();
    const wanted = services.filter((service) => this.services.includes(service));
    return wanted.every((service) => status.find((row) => row.service === service)?.health === 'ready');
  }

  async up({ services }: UpOptions): Promise<ServiceStatus[]> {
    await requireDocker(this.options.workspaceRoot, ['compose']);
    // --wait returns once every service is healthy and every one-shot has finished; a failed
    // migration or role grant (db-roles) makes it fail and keeps the api down (it depends on both).
    const wanted = services.filter((service) => this.services.includes(service));
    await this.compose(['up', '--detach', '--wait', '--no-build', ...wanted], { stdio: 'inherit' });
    return this.status();
  }

  async down({ volumes }: DownOptions): Promise<void> {
    await requireDocker(this.options.workspaceRoot, ['compose']);
    await this.compose(['down', '--remove-orphans', ...(volumes ? ['--volumes'] : [])], { stdio: 'inherit' });
  }

  async status(): Promise<ServiceStatus[]> {
    await requireDocker(this.options.workspaceRoot, ['compose']);
    const { stdout } = await this.compose(['ps', '--all', '--format', 'json']);
    const containers = stdout
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as ComposeContainer);
    const failedOneShot = containers.find((candidate) => ONE_SHOT.includes(candidate.Service) && candidate.ExitCode !== 0);
    return this.services.map((service): ServiceStatus => {
      const container = containers.find((candidate) => candidate.Service === service);
      const url = publicUrl(this.settings, service);
      if (!container || container.State === 'created') {
        // The api never starts after a failed migration: say so where people look.
        const blocked = service === 'api' && failedOneShot;
        const detail = blocked ? `${failedOneShot.Service} failed (exit code ${failedOneShot.ExitCode})` : container ? 'not started' : undefined;
        return { service, state: 'stopped', health: '-', url, detail };
      }
      if (container.State === 'running') {
        return { service, state: 'running', health: container.Health === 'healthy' ? 'ready' : 'not ready', url };
      }
      const crashed = container.ExitCode !== 0;
      return {
        service,
        state: crashed ? 'crashed' : 'stopped',
        health: '-',
        url,
        detail: crashed ? `exit code ${container.ExitCode}; see: npx nx run platform:logs ${service}` : undefined,
      };
    });
  }

  async logs(service: ServiceName | undefined, follow: boolean): Promise<void> {
    await requireDocker(this.options.workspaceRoot, ['compose']);
    await this.compose(['logs', ...(follow ? ['--follow'] : []), ...(service ? [service] : [])], { stdio: 'inherit' });
  }
}
