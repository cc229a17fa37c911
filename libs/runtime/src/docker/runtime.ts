import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { imageVariable, releaseImageVariables, type ReleaseRecord } from '@coaching/deployment';
import {
  composeEnvironment,
  DEVELOPMENT_PROFILE,
  EDGE,
  IMAGE_LABEL,
  isBuiltHere,
  LOCAL_HOST,
  publicUrl,
  publicWebOrigin,
  SECRET_FILES,
  servicesIn,
  type LogSource,
  type PlatformSettings,
  type ServiceName,
} from '@coaching/platform-model';
import { run, type Reporter } from '@coaching/process';
import { buildThroughNx } from '../build';
import { dataHeldBy } from '../choice';
import { refuseTakenPorts, waitUntilAnswered } from '../ports';
import { requireLogSource, type DownOptions, type RunningInstance, type Runtime, type ServiceStatus, type UpOptions } from '../runtime';
import { DockerDatabaseTools, type Compose } from './database';
import { requireDocker } from './engine';

export interface DockerRuntimeOptions {
  workspaceRoot: string;
  settings: PlatformSettings;
  /** Compose files, relative to the workspace root; default: the base file, and in production its override too. */
  files?: readonly string[];
  /** The published release to run (RELEASE_REGISTRY): its images, by digest, instead of those built here. */
  release?: ReleaseRecord;
  reporter: Reporter;
}

/** The development stack's file, and the production stack's on top of it. */
const COMPOSE_FILES = { development: ['compose.yaml'], production: ['compose.yaml', 'compose.production.yaml'] } as const;

/** What the production stack's address column shows for a service only its own network reaches. */
const STACK_NETWORK_ONLY = 'stack network only';

/** One container as `docker compose ps --format json` describes it. */
interface ComposeContainer {
  ID: string;
  Service: string;
  State: string;
  Health: string;
  ExitCode: number;
  /** `name=value,…`: the container's labels, its image's among them. */
  Labels?: string;
}

/** The release an image of ours says it belongs to (the docker-build executor labels api, web and db with it). */
function releaseOf(container: ComposeContainer): string | undefined {
  const labels = new Map((container.Labels ?? '').split(',').map((pair) => pair.split('=', 2) as [string, string]));
  return labels.get(IMAGE_LABEL.name) === IMAGE_LABEL.value ? labels.get('org.opencontainers.image.version') : undefined;
}

/**
 * The one-shot services: they finish, and a failed one keeps the api down. `up` starts db-roles (the api depends on
 * it); migrate and seed sit in profiles of their own that `up` never turns on, because it runs them itself through
 * `docker compose run`, once, before the api starts (a plain `docker compose up` with those profiles runs them).
 */
const STARTED_BY_UP = ['db-roles'];
/** The one-offs `up` runs itself, each in a profile of its own name: `down` turns those on to remove them too. */
const RUN_BY_UP = ['migrate', 'seed'];
const ONE_SHOT = [...STARTED_BY_UP, ...RUN_BY_UP];

/** How long `up` waits for the HTTPS edge to answer once its container runs. */
const EDGE_START_TIMEOUT_MS = 30_000;

/** The platform in containers, driven through Docker Compose v2 (`compose.yaml`). */
export class DockerRuntime implements Runtime {
  readonly name = 'docker';
  readonly buildKind = 'image';

  readonly database: DockerDatabaseTools;

  constructor(private readonly options: DockerRuntimeOptions) {
    this.database = new DockerDatabaseTools((args, options) => this.compose(args, options), options.settings);
  }

  private get settings(): PlatformSettings {
    return this.options.settings;
  }

  /** `docker compose -f … -p …` from the workspace root, with the settings as its variables. */
  composeCommand(args: readonly string[]): string[] {
    const files = (this.options.files ?? COMPOSE_FILES[this.settings.runtimeEnv]).flatMap((file) => ['-f', file]);
    return ['compose', ...files, '-p', this.settings.composeProject, ...this.profiles(), ...args];
  }

  /** The services this stack runs (production leaves out the mail catcher), in start order. */
  get services(): readonly ServiceName[] {
    return servicesIn(this.settings.runtimeEnv);
  }

  /** The development profile holds what runs in development only: the mail catcher. */
  private profiles(): string[] {
    return this.settings.runtimeEnv === 'development' ? ['--profile', DEVELOPMENT_PROFILE] : [];
  }

  /** Where the development stack's password files go: written from .env on every command. */
  private get developmentSecretsDir(): string {
    return join(this.options.workspaceRoot, '.secrets');
  }

  /**
   * The folder of the password files compose mounts: in development written from the settings; in production
   * SECRETS_DIR, whose files `platform:secrets` made once (the settings refuse production without them).
   */
  private async secretsDir(): Promise<string> {
    if (this.settings.runtimeEnv === 'production') return this.settings.secretsDir;
    await this.writeDevelopmentSecrets();
    return this.developmentSecretsDir;
  }

  /** The passwords from the settings, as the files compose mounts as secrets (owner-only folder). */
  private async writeDevelopmentSecrets(): Promise<void> {
    const secretsDir = this.developmentSecretsDir;
    await mkdir(secretsDir, { recursive: true, mode: 0o700 });
    await chmod(secretsDir, 0o700);
    const { migrator, app, superuserPassword } = this.settings.database;
    const passwords: Record<keyof typeof SECRET_FILES, string> = { superuser: superuserPassword, migrator: migrator.password, app: app.password };
    for (const [login, file] of Object.entries(SECRET_FILES)) {
      // Readable inside the containers, whose users are not this one; the folder keeps others out.
      await writeFile(join(secretsDir, file), passwords[login as keyof typeof SECRET_FILES], { mode: 0o644 });
    }
  }

  /** `docker compose` for this stack, with the password files it mounts in place. */
  private async compose(...[args, options = {}]: Parameters<Compose>): ReturnType<Compose> {
    const secretsDir = await this.secretsDir();
    return run('docker', this.composeCommand(args), {
      ...options,
      cwd: this.options.workspaceRoot,
      env: {
        ...composeEnvironment(this.settings),
        ...(this.options.release ? releaseImageVariables(this.options.release) : {}),
        SECRETS_DIR: secretsDir,
      },
    });
  }

  /** The images of `services` built here (`docker-build`), or those of the published release this stack runs. */
  build(services: readonly ServiceName[]): Promise<void> {
    const { release } = this.options;
    if (release) return this.pullRelease(release, services);
    return buildThroughNx(this.options.workspaceRoot, 'docker-build', services.filter(isBuiltHere), this.options.reporter);
  }

  /**
   * Pulls the release's images that `services` run and this engine does not have yet (by digest: exactly the
   * release's, whatever its tags say now). Once pulled, starting needs no registry.
   */
  private async pullRelease(release: ReleaseRecord, services: readonly ServiceName[]): Promise<void> {
    await requireDocker(this.options.workspaceRoot, ['compose']);
    for (const service of services) {
      const image = release.images[service];
      if (!image) continue;
      const present = await run('docker', ['image', 'inspect', '--format', '{{.Id}}', image], { cwd: this.options.workspaceRoot }).then(
        () => true,
        () => false,
      );
      if (present) continue;
      this.options.reporter.progress(`Pulling ${service} of release ${release.version} (${imageVariable(service)}=${image})`);
      await run('docker', ['pull', '--quiet', image], { cwd: this.options.workspaceRoot, stdio: 'inherit' });
    }
  }

  /** The containers `up` starts for `services`: in production the HTTPS edge too, in front of the web. */
  private containersFor(services: readonly ServiceName[]): string[] {
    const edge = this.settings.runtimeEnv === 'production' && services.includes('web');
    return [...services, ...(edge ? [EDGE.name] : [])];
  }

  /** Where people reach a service: in production the web through the edge, and nothing else from outside. */
  private url(service: ServiceName): string {
    if (this.settings.runtimeEnv === 'development') return publicUrl(this.settings, service);
    return service === 'web' ? (publicWebOrigin(this.settings) ?? STACK_NETWORK_ONLY) : STACK_NETWORK_ONLY;
  }

  async checkPorts(services: readonly ServiceName[]): Promise<void> {
    // Before compose starts anything (its own "port is already allocated" names no fix). Development only: production
    // publishes none of the model's ports, only the edge's.
    if (this.settings.runtimeEnv === 'development') await refuseTakenPorts(this.settings, services, await this.status());
  }

  async startDatabase(): Promise<void> {
    await requireDocker(this.options.workspaceRoot, ['compose']);
    await this.compose(['up', '--detach', '--wait', '--no-build', 'db'], { stdio: 'inherit' });
  }

  heldData(): Promise<string | undefined> {
    return dataHeldBy(this.name, this.options.workspaceRoot, this.settings);
  }

  async instances(): Promise<Partial<Record<ServiceName, RunningInstance>>> {
    await requireDocker(this.options.workspaceRoot, ['compose']);
    const running = (await this.containers()).filter(
      (container) => container.State === 'running' && (this.services as readonly string[]).includes(container.Service),
    );
    if (running.length === 0) return {};
    // The image id, not its name: a rebuild moves the `local` tag, and compose recreates what runs the old id.
    const { stdout } = await run('docker', ['inspect', '--format', '{{.Image}}', ...running.map((container) => container.ID)], {
      cwd: this.options.workspaceRoot,
    });
    const images = stdout.split('\n');
    return Object.fromEntries(running.map((container, index) => [container.Service, { instance: container.ID, build: images[index] }]));
  }

  /** Every container of this stack, as `docker compose ps` describes it. */
  private async containers(): Promise<ComposeContainer[]> {
    const { stdout } = await this.compose(['ps', '--all', '--format', 'json']);
    return stdout
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as ComposeContainer);
  }

  async up({ services }: UpOptions): Promise<ServiceStatus[]> {
    await requireDocker(this.options.workspaceRoot, ['compose']);
    // The database runs already (startDatabase), migrated and seeded (the use case ran migrate and seed once). --wait
    // returns once every service is healthy and db-roles has finished; a failed db-roles keeps the api down.
    const containers = this.containersFor(services.filter((service) => service !== 'db'));
    if (containers.length === 0) return this.status();
    await this.convergeOneByOne(containers);
    await this.compose(['up', '--detach', '--wait', '--no-build', ...containers], { stdio: 'inherit' });
    if (containers.includes(EDGE.name)) await this.waitForEdge();
    return this.status();
  }

  /**
   * `--wait` knows only that the edge's container runs (it has no health check: the official image's tools are not
   * the stand-in's), and its published port accepts connections before Caddy listens: wait until Caddy answers.
   */
  private async waitForEdge(): Promise<void> {
    const port = this.settings.edge.ports.http;
    if (!(await waitUntilAnswered(`http://${LOCAL_HOST}:${port}/`, EDGE_START_TIMEOUT_MS))) {
      throw new Error(
        `The HTTPS edge did not answer on port ${port} within ${EDGE_START_TIMEOUT_MS / 1000} s: its log (make logs service=edge) says why`,
      );
    }
  }

  /**
   * Brings the running ones among `containers` to their current image and configuration one at a time, in start
   * order, each with what it depends on: compose replaces one whose image or configuration changed and leaves the
   * others running. All in one `up`, it would also replace every service that depends on a replaced one
   * (docker/compose#10308): a new api would restart an unchanged web. (`--no-deps` is no way out: it changes the
   * configuration compose compares, so everything would be replaced.) Each is ready before the next is touched.
   */
  private async convergeOneByOne(containers: readonly string[]): Promise<void> {
    const existing = await this.containers();
    // The one-shot first (the api depends on it), without --wait, which fails on a container that exits.
    const oneShots = STARTED_BY_UP.filter((name) => existing.some((container) => container.Service === name));
    if (oneShots.length > 0) await this.compose(['up', '--detach', '--no-build', ...oneShots], { stdio: 'inherit' });
    const running = (name: string) => existing.some((container) => container.Service === name && container.State === 'running');
    for (const container of containers.filter(running)) {
      await this.compose(['up', '--detach', '--wait', '--no-build', container], { stdio: 'inherit' });
    }
  }

  async down({ volumes }: DownOptions): Promise<void> {
    await requireDocker(this.options.workspaceRoot, ['compose']);
    const oneOffs = RUN_BY_UP.flatMap((profile) => ['--profile', profile]);
    await this.compose([...oneOffs, 'down', '--remove-orphans', ...(volumes ? ['--volumes'] : [])], { stdio: 'inherit' });
  }

  async status(): Promise<ServiceStatus[]> {
    await requireDocker(this.options.workspaceRoot, ['compose']);
    return this.statusOf(await this.containers());
  }

  /** Each service's row, from the stack's containers. */
  private statusOf(containers: readonly ComposeContainer[]): ServiceStatus[] {
    const failedOneShot = containers.find((candidate) => ONE_SHOT.includes(candidate.Service) && candidate.ExitCode !== 0);
    return this.services.map((service): ServiceStatus => {
      const container = containers.find((candidate) => candidate.Service === service);
      const url = this.url(service);
      if (!container || container.State === 'created') {
        // The api never starts after a failed migration: say so where people look.
        const blocked = service === 'api' && failedOneShot;
        const detail = blocked ? `${failedOneShot.Service} failed (exit code ${failedOneShot.ExitCode})` : container ? 'not started' : undefined;
        return { service, state: 'stopped', health: '-', url, detail };
      }
      if (container.State === 'running') {
        const health = container.Health === 'healthy' ? 'ready' : 'not ready';
        return { service, state: 'running', health, version: releaseOf(container), url };
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

  async logs(source: LogSource | undefined, follow: boolean): Promise<void> {
    const { runtimeEnv } = this.settings;
    const sources = [...this.services, ...(runtimeEnv === 'production' ? [EDGE.name] : [])];
    const shown = requireLogSource(source, sources, `the ${runtimeEnv} stack`);
    await requireDocker(this.options.workspaceRoot, ['compose']);
    await this.compose(['logs', ...(follow ? ['--follow'] : []), ...(shown ? [shown] : [])], { stdio: 'inherit' });
  }
}
