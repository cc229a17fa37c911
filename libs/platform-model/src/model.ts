/**
 * The platform as one model: which services exist, in which order they start, what each needs, the port it
 * publishes (and the variable that moves it) and how an app says it is alive and ready. Both runtimes, the Nx
 * executors, the tests and the compose check read it; a production stack or a Kubernetes chart can be generated
 * from it or checked against it the same way compose.yaml is (`checkAgainstModel`).
 */

/** The variable that moves a published port, and the port the service listens on unless moved. */
export interface ServicePort {
  variable: 'DB_PORT' | 'API_PORT' | 'WEB_PORT' | 'MAIL_UI_PORT' | 'MAIL_SMTP_PORT';
  /** Also the port the service listens on inside its container. */
  default: number;
}

/** The HTTP paths a service answers when it is alive (`live`) and when it can serve requests (`ready`). */
export interface Probes {
  live: string;
  ready: string;
}

interface ServiceDefinition {
  name: string;
  /** The port people open (its URL in `status`). */
  port: ServicePort;
  /** The services that must run (and be ready) before this one starts (a development-only one only where it runs). */
  needs: readonly string[];
  /** Whether production runs it too; a development-only service is absent from a production stack. */
  production: boolean;
}

/** PostgreSQL: the npm-packaged server (native) or the db image (docker). */
interface DatabaseService extends ServiceDefinition {
  app: false;
}

/** A binary of the Cargo workspace (`apps/<name>`), with HTTP probes. */
interface AppService extends ServiceDefinition {
  app: true;
  probes: Probes;
  /** The operations port (METRICS_PORT: /metrics, and the probes on connections of their own), never published. */
  metricsPort: number;
}

/**
 * The mail catcher: takes the api's mail on its SMTP port and shows it in a browser on `port`. Development only;
 * production sends through a real SMTP server (SMTP_URL). The docker stack runs Mailpit's image; the native runtime
 * runs MailDev, an npm package (libs/runtime/src/native/mail-catcher.ts), so that it needs no Go.
 */
interface MailCatcherService extends ServiceDefinition {
  app: false;
  /** The published image the docker stack runs (Mailpit), checked by compose's own healthcheck. */
  image: string;
  smtpPort: ServicePort;
  /** MailDev's, which the native runtime waits for. */
  probes: Probes;
}

const PROBES: Probes = { live: '/health', ready: '/ready' };

/**
 * The Mailpit release of the docker stack's image and of the Rust tests' mail catcher (the binary of libs/tool-cache,
 * `testkit::mail::MAILPIT_VERSION`; tools/architecture/src/one-home.spec.ts holds that one to this).
 */
export const MAILPIT_VERSION = 'v1.33.1';

/** Every service of the platform, in start order. */
export const SERVICES = [
  { name: 'db', port: { variable: 'DB_PORT', default: 5432 }, needs: [], production: true, app: false },
  {
    name: 'mail',
    port: { variable: 'MAIL_UI_PORT', default: 8025 },
    smtpPort: { variable: 'MAIL_SMTP_PORT', default: 1025 },
    needs: [],
    production: false,
    app: false,
    image: `axllent/mailpit:${MAILPIT_VERSION}`,
    probes: { live: '/api/healthz', ready: '/api/healthz' },
  },
  {
    name: 'api',
    port: { variable: 'API_PORT', default: 4000 },
    needs: ['db', 'mail'],
    production: true,
    app: true,
    probes: PROBES,
    metricsPort: 9100,
  },
  { name: 'web', port: { variable: 'WEB_PORT', default: 8080 }, needs: ['api'], production: true, app: true, probes: PROBES, metricsPort: 9101 },
] as const satisfies readonly (DatabaseService | AppService | MailCatcherService)[];

export type PlatformService = (typeof SERVICES)[number];
export type ServiceName = PlatformService['name'];
/** The services built from the Cargo workspace. */
export type AppName = Extract<PlatformService, { app: true }>['name'];
/** The services answering HTTP probes: the apps and the mail catcher. */
export type ProbedService = Extract<PlatformService, { probes: Probes }>['name'];
export type PortVariable = ServicePort['variable'];

/** Service names in start order. */
export const SERVICE_NAMES: readonly ServiceName[] = SERVICES.map((service) => service.name);

/** App names in start order. */
export const APP_NAMES: readonly AppName[] = SERVICES.filter((service) => service.app).map((service) => service.name as AppName);

/** The Compose profile of the development-only services (and the demo data); the docker runtime turns it on in development. */
export const DEVELOPMENT_PROFILE = 'dev';

/** The services a stack runs in `runtimeEnv`, in start order: production leaves out the development-only ones. */
export function servicesIn(runtimeEnv: 'development' | 'production'): ServiceName[] {
  return SERVICES.filter((service) => runtimeEnv === 'development' || service.production).map((service) => service.name);
}

export function isServiceName(value: unknown): value is ServiceName {
  return SERVICE_NAMES.includes(value as ServiceName);
}

export function serviceNamed<Name extends ServiceName>(name: Name): Extract<PlatformService, { name: Name }> {
  return SERVICES.find((service) => service.name === name) as Extract<PlatformService, { name: Name }>;
}

/** Whether this repository builds the service (an Nx project of the same name), rather than running a published image. */
export function isBuiltHere(name: ServiceName): name is BuiltService {
  return !('image' in serviceNamed(name));
}

/** The services whose image this repository builds (`docker-build`): db, api, web. */
export type BuiltService = Exclude<ServiceName, Extract<PlatformService, { image: string }>['name']>;

/**
 * The platform's own name: its Compose project's (compose.yaml's `name`, COMPOSE_PROJECT_NAME's default) and the
 * start of its images' names, so nothing it builds takes a name another project uses (`api`, `web`, `db`).
 */
export const PLATFORM_NAME = 'coaching';

/**
 * The name of the image a service built here runs (`coaching-api`): docker-build tags it so locally
 * (`coaching-api:local`), a release pushes it as `<registry>/coaching-api`, compose.yaml and the chart run it.
 */
export function imageName(service: BuiltService): string {
  return `${PLATFORM_NAME}-${service}`;
}

/**
 * The label every image of the platform carries, built here or published by a release (docker-build adds it):
 * `docker image ls --filter label=io.coaching-platform.project=coaching` lists them all, whatever their name, tag or
 * registry. Not Compose's own `com.docker.compose.project`: a container inherits its image's labels, and Compose
 * would count any container started from these images (a test's, `docker run`) as one of its project's.
 */
export const IMAGE_LABEL = { name: 'io.coaching-platform.project', value: PLATFORM_NAME } as const;

export function isAppName(name: ServiceName): name is AppName {
  return (APP_NAMES as readonly ServiceName[]).includes(name);
}

/**
 * Every published port by name: each service's own port under the service's name, and the mail catcher's SMTP port
 * as `smtp`.
 */
export const PORTS = {
  ...(Object.fromEntries(SERVICES.map((service) => [service.name, service.port])) as Record<ServiceName, ServicePort>),
  smtp: serviceNamed('mail').smtpPort,
} satisfies Record<string, ServicePort>;

export type PortName = keyof typeof PORTS;
export const PORT_NAMES = Object.keys(PORTS) as PortName[];

/** The ports a service publishes, by name. */
export function portsOf(service: ServiceName): PortName[] {
  return 'smtpPort' in serviceNamed(service) ? [service, 'smtp'] : [service];
}

/** Every port's default. */
export const DEFAULT_PORTS = Object.fromEntries(PORT_NAMES.map((name) => [name, PORTS[name].default])) as Record<PortName, number>;

/** Every port as the variable that sets it (`{ DB_PORT: '5432', ... }`). */
export function portVariables(ports: Record<PortName, number>): Record<PortVariable, string> {
  const variables = PORT_NAMES.map((name) => [PORTS[name].variable, String(ports[name])]);
  return Object.fromEntries(variables) as Record<PortVariable, string>;
}

/** The requested services plus everything they need, directly or not, in start order. */
export function withPrerequisites(services: readonly ServiceName[]): ServiceName[] {
  const wanted = new Set<ServiceName>();
  const add = (name: ServiceName): void => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const need of serviceNamed(name).needs) add(need);
  };
  services.forEach(add);
  return SERVICE_NAMES.filter((name) => wanted.has(name));
}

/** The schema every platform table lives in (the migrations create their tables there). */
export const PLATFORM_SCHEMA = 'refactor_platform';

/**
 * The application's database and its two roles unless POSTGRES_DB / POSTGRES_USER / POSTGRES_APP_USER say otherwise.
 * The api logs in as the application role, which may only read and write rows; everything that changes the schema
 * (migrations, rebuild, restore, psql) logs in as the migrator, which owns the database and the schema.
 */
export const DEFAULT_DATABASE = {
  /** Named after the schema it holds. */
  name: PLATFORM_SCHEMA,
  migrator: 'refactor',
  app: 'refactor_app',
} as const;

/** Which of the two roles a connection logs in as. */
export type DatabaseRole = 'migrator' | 'app';

/**
 * The password files Compose mounts at /run/secrets/<name>: in development `up` writes them into `.secrets/` from
 * .env; in production `platform:secrets` creates them once, with random passwords, in SECRETS_DIR.
 */
export const SECRET_FILES = {
  superuser: 'db_superuser_password',
  migrator: 'db_migrator_password',
  app: 'db_app_password',
} as const satisfies Record<DatabaseRole | 'superuser', string>;

/**
 * The HTTPS edge of the production stack (Caddy, the `edge` service of compose.production.yaml): the only service
 * production publishes, on every interface. Not one of SERVICES: development runs without it, and so do the apps.
 */
export const EDGE = {
  name: 'edge',
  image: 'caddy:2',
  ports: {
    http: { variable: 'EDGE_HTTP_PORT', default: 80 },
    https: { variable: 'EDGE_HTTPS_PORT', default: 443 },
  },
} as const;

/** What `logs` shows: a service of the platform, or production's HTTPS edge. */
export type LogSource = ServiceName | typeof EDGE.name;

export function isLogSource(value: unknown): value is LogSource {
  return isServiceName(value) || value === EDGE.name;
}
