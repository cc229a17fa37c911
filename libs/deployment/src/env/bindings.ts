import {
  DEFAULT_DATABASE,
  DEFAULTS,
  PORTS,
  SECRET_FILES,
  serviceNamed,
  type AppName,
  type BuiltService,
  type DatabaseRole,
  type ServiceName,
} from '@coaching/platform-model';

/**
 * What a deployment decides about one of an app's settings: a value of its own (`value`, .env cannot change it), or a
 * default of its own that .env may still override (`default`). `why` is written above it when the reason is not
 * obvious. Any other setting of the app passes straight through from .env (compose) or `<app>.env` (the chart).
 */
export type Binding = { value: string; why?: string } | { default: string; why?: string };

export type Bindings = Readonly<Record<string, Binding>>;

/** A container of the Compose stack running one app's binary. */
export interface ComposeAppService {
  app: AppName;
  /**
   * Whether the app's other settings pass through from .env: the servers' do; the one-shot commands (migrate, seed)
   * need only their database login, and get nothing else.
   */
  passThrough: boolean;
  environment: Bindings;
}

const fixed = (value: string, why?: string): Binding => (why === undefined ? { value } : { value, why });

/** The database login of `role` in the Compose stack: the password comes from its secret file, never the URL. */
function databaseLogin(role: DatabaseRole, userVariable: 'POSTGRES_USER' | 'POSTGRES_APP_USER'): Bindings {
  return {
    DATABASE_URL: fixed(`postgres://\${${userVariable}:-${DEFAULT_DATABASE[role]}}@db:${PORTS.db.default}/\${POSTGRES_DB:-${DEFAULTS.POSTGRES_DB}}`),
    DATABASE_PASSWORD_FILE: fixed(`/run/secrets/${SECRET_FILES[role]}`),
    RUNTIME_ENV: { default: DEFAULTS.RUNTIME_ENV },
  };
}

/** The address of the web on this computer, as a browser opens it in development. */
const LOCAL_WEB = `localhost:\${WEB_PORT:-${PORTS.web.default}}`;

/** Inside the stack's network only: the web (and, in production, the edge) in front of an app passes the browser's address on. */
const BEHIND_THE_STACK = fixed(
  'local-subnets',
  "The caller comes from the stack's own network with the browser's address in X-Forwarded-For; nobody else is on it (the apps' default trusts loopback only).",
);

/** The setting that says which address an app listens on (API_HOST, WEB_HOST). */
export function hostVariable(app: AppName): string {
  return `${app.toUpperCase()}_HOST`;
}

/** The listening address and ports of an app in its container: the model's, whatever .env publishes them as. */
function listening(app: AppName): Bindings {
  const service = serviceNamed(app);
  return {
    [hostVariable(app)]: fixed('0.0.0.0'),
    [service.port.variable]: fixed(String(service.port.default)),
    METRICS_PORT: fixed(String(service.metricsPort), 'Prometheus /metrics on the stack network only: never published (docs/production.md).'),
  };
}

/** compose.yaml: every container that runs an app's binary, and what the stack sets for it. */
export const COMPOSE_APP_SERVICES = {
  migrate: {
    app: 'api',
    passThrough: false,
    environment: {
      ...databaseLogin('migrator', 'POSTGRES_USER'),
      PUBLIC_WEB_ORIGIN: fixed(`http://${LOCAL_WEB}`, 'Where the links `api admin create` prints (platform:admin runs this service) open.'),
    },
  },
  seed: { app: 'api', passThrough: false, environment: databaseLogin('migrator', 'POSTGRES_USER') },
  api: {
    app: 'api',
    passThrough: true,
    environment: {
      ...databaseLogin('app', 'POSTGRES_APP_USER'),
      ...listening('api'),
      TRUSTED_PROXIES: BEHIND_THE_STACK,
      ALLOWED_ORIGINS: fixed(`http://${LOCAL_WEB},http://127.0.0.1:\${WEB_PORT:-${PORTS.web.default}}`),
      LOG_FORMAT: { default: 'json' },
      SMTP_URL: {
        default: `smtp://mail:${PORTS.smtp.default}`,
        why: 'The mail catcher unless .env names a real server; compose.production.yaml drops the catcher.',
      },
      MAIL_FROM: { default: DEFAULTS.MAIL_FROM },
    },
  },
  web: {
    app: 'web',
    passThrough: true,
    environment: {
      API_URL: fixed(`http://api:${PORTS.api.default}`),
      ...listening('web'),
      TRUSTED_PROXIES: BEHIND_THE_STACK,
      RUNTIME_ENV: { default: DEFAULTS.RUNTIME_ENV },
      LOG_FORMAT: { default: 'json' },
    },
  },
} as const satisfies Record<string, ComposeAppService>;

export type ComposeAppServiceName = keyof typeof COMPOSE_APP_SERVICES;

const PUBLIC_WEB_ORIGIN = fixed('${PUBLIC_WEB_ORIGIN:?platform:up derives PUBLIC_WEB_ORIGIN from PUBLIC_HOST; set PUBLIC_HOST}');

/**
 * Production's own database connection: the stack's container on its private network, whose traffic never leaves the
 * machine, so the production check for a verified TLS connection is turned off.
 */
const DATABASE_ON_THIS_HOST: Bindings = {
  DATABASE_REQUIRE_VERIFIED_TLS: fixed('false', "The stack's own database, on its private network: the traffic never leaves the machine."),
  RUNTIME_ENV: fixed('production'),
};

/** compose.production.yaml: what production changes of the bindings above. */
export const COMPOSE_PRODUCTION_BINDINGS = {
  migrate: { ...DATABASE_ON_THIS_HOST, PUBLIC_WEB_ORIGIN },
  seed: DATABASE_ON_THIS_HOST,
  api: {
    ...DATABASE_ON_THIS_HOST,
    ALLOWED_ORIGINS: PUBLIC_WEB_ORIGIN,
    PUBLIC_WEB_ORIGIN,
    SMTP_URL: {
      default: '',
      why: 'A real SMTP server from .env; unset, no mail is sent and admins hand links over themselves. No mail catcher runs here.',
    },
  },
  web: { RUNTIME_ENV: fixed('production'), PUBLIC_WEB_ORIGIN },
} as const satisfies Record<ComposeAppServiceName, Bindings>;

/**
 * The settings the chart's templates set themselves (deploy/helm/coaching-platform/templates): `<app>.env` may not
 * name them, and the chart spec holds the rendered pods to this list.
 */
export const CHART_BINDINGS = {
  api: [
    'RUNTIME_ENV',
    'LOG_FORMAT',
    'LOG_LEVEL',
    'PUBLIC_WEB_ORIGIN',
    'TRUSTED_PROXIES',
    'API_HOST',
    'API_PORT',
    'METRICS_PORT',
    'DATABASE_URL',
    'DATABASE_PASSWORD_FILE',
    'DATABASE_REQUIRE_VERIFIED_TLS',
    'ALLOWED_ORIGINS',
    'SMTP_URL',
    'MAIL_FROM',
  ],
  web: ['RUNTIME_ENV', 'LOG_FORMAT', 'LOG_LEVEL', 'PUBLIC_WEB_ORIGIN', 'TRUSTED_PROXIES', 'WEB_HOST', 'WEB_PORT', 'METRICS_PORT', 'API_URL'],
} as const satisfies Record<AppName, readonly string[]>;

/** The variable compose.yaml reads a published image's reference from: DB_IMAGE, API_IMAGE, WEB_IMAGE. */
export function imageVariable(image: string): string {
  return `${image.toUpperCase()}_IMAGE`;
}

/**
 * The image built here that each container of compose.yaml runs: its service's own, or for a one-shot the image
 * of the binary it runs (db-roles the db's, migrate and seed the api's). `nx sync` writes their `image:` lines.
 */
export const COMPOSE_BUILT_IMAGES = {
  db: 'db',
  'db-roles': 'db',
  migrate: 'api',
  seed: 'api',
  api: 'api',
  web: 'web',
} as const satisfies Record<string, BuiltService>;

/**
 * The command each probed service's container healthcheck runs: the apps' own `healthcheck` command (the binary's
 * path in its image, docker/rust.Dockerfile), Mailpit's `readyz`.
 */
export const COMPOSE_HEALTHCHECKS = {
  mail: ['CMD', '/mailpit', 'readyz'],
  api: ['CMD', '/app/api', 'healthcheck'],
  web: ['CMD', '/app/web', 'healthcheck'],
} as const satisfies Partial<Record<ServiceName, readonly string[]>>;
