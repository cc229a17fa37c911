/**
 * The platform as one model: which services exist, in which order they start, what each needs, the port it
 * publishes (and the variable that moves it) and how an app says it is alive and ready. Both runtimes, the Nx
 * executors, the tests and the compose check read it; a production stack or a Kubernetes chart can be generated
 * from it or checked against it the same way compose.yaml is (`checkAgainstModel`).
 */

/** The variable that moves a service's published port, and the port it listens on unless moved. */
export interface ServicePort {
  variable: 'DB_PORT' | 'API_PORT' | 'WEB_PORT';
  /** Also the port the service listens on inside its container. */
  default: number;
}

/** The HTTP paths an app answers when it is alive (`live`) and when it can serve requests (`ready`). */
export interface Probes {
  live: string;
  ready: string;
}

interface ServiceDefinition {
  name: string;
  port: ServicePort;
  /** The services that must run (and be ready) before this one starts. */
  needs: readonly string[];
}

/** PostgreSQL: the npm-packaged server (native) or the db image (docker). */
interface DatabaseService extends ServiceDefinition {
  app: false;
}

/** A binary of the Cargo workspace (`apps/<name>`), with HTTP probes. */
interface AppService extends ServiceDefinition {
  app: true;
  probes: Probes;
}

const PROBES: Probes = { live: '/health', ready: '/ready' };

/** Every service of the platform, in start order. */
export const SERVICES = [
  { name: 'db', port: { variable: 'DB_PORT', default: 5432 }, needs: [], app: false },
  { name: 'api', port: { variable: 'API_PORT', default: 4000 }, needs: ['db'], app: true, probes: PROBES },
  { name: 'web', port: { variable: 'WEB_PORT', default: 8080 }, needs: ['api'], app: true, probes: PROBES },
] as const satisfies readonly (DatabaseService | AppService)[];

export type PlatformService = (typeof SERVICES)[number];
export type ServiceName = PlatformService['name'];
/** The services built from the Cargo workspace. */
export type AppName = Extract<PlatformService, { app: true }>['name'];
export type PortVariable = ServicePort['variable'];

/** Service names in start order. */
export const SERVICE_NAMES: readonly ServiceName[] = SERVICES.map((service) => service.name);

/** App names in start order. */
export const APP_NAMES: readonly AppName[] = SERVICES.filter((service) => service.app).map((service) => service.name as AppName);

export function isServiceName(value: unknown): value is ServiceName {
  return SERVICE_NAMES.includes(value as ServiceName);
}

export function serviceNamed<Name extends ServiceName>(name: Name): Extract<PlatformService, { name: Name }> {
  return SERVICES.find((service) => service.name === name) as Extract<PlatformService, { name: Name }>;
}

export function isAppName(name: ServiceName): name is AppName {
  return (APP_NAMES as readonly ServiceName[]).includes(name);
}

/** Every service's default port. */
export const DEFAULT_PORTS = Object.fromEntries(SERVICES.map((service) => [service.name, service.port.default])) as Record<
  ServiceName,
  number
>;

/** Every service's port as the variable that sets it (`{ DB_PORT: '5432', ... }`). */
export function portVariables(ports: Record<ServiceName, number>): Record<PortVariable, string> {
  const variables = SERVICES.map((service) => [service.port.variable, String(ports[service.name])]);
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

/** The password files Compose mounts at /run/secrets/<name>, written by `up` into SECRETS_DIR (`.secrets/`). */
export const SECRET_FILES = {
  superuser: 'db_superuser_password',
  migrator: 'db_migrator_password',
  app: 'db_app_password',
} as const satisfies Record<DatabaseRole | 'superuser', string>;
