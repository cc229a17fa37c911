import { DEFAULT_DATABASE, DEFAULT_PORTS, EDGE, PLATFORM_NAME, SECRET_FILES, portVariables, type DatabaseRole, type PortName } from './model';

/**
 * What every runtime needs to know to run the platform, from `.env` (see `.env.example`, where each variable is
 * documented once) overridden by the process environment. Empty values count as unset.
 */
export interface PlatformSettings {
  runtimeEnv: 'development' | 'production';
  /** Address the published ports listen on. */
  bindAddress: string;
  /** Every published port: each service's, and the mail catcher's SMTP port (`smtp`). */
  ports: Record<PortName, number>;
  /** How the api sends mail. */
  mail: {
    /** SMTP_URL: a real SMTP server; unset, development sends to the mail catcher and production sends none. */
    smtpUrl: string | undefined;
    /** MAIL_FROM: the sender of the api's mail. */
    from: string;
    /** OPERATOR_EMAIL: who is told when a unit of the server fails (deploy/systemd), through SMTP_URL. */
    operator: string | undefined;
  };
  database: { name: string; superuserPassword: string } & Record<DatabaseRole, DatabaseLogin>;
  /** Docker runtime: the Compose project, so several stacks (a test's, yours) can live side by side. */
  composeProject: string;
  /** Native runtime: where the database, pids and logs live (absolute). */
  dataDir: string;
  /** Where db:backup writes and rebuild-db keeps its safety copy (absolute). */
  backupDir: string;
  /** Which runtime commands use unless told (`auto`: docker when an engine answers, native otherwise). */
  runtime: 'auto' | 'docker' | 'native';
  /** Production: the folder of the secret files (SECRET_FILES) the stack reads its passwords from (absolute). */
  secretsDir: string;
  /**
   * RELEASE_REGISTRY: where the published releases are (registry and namespace, e.g. ghcr.io/my-org). Set, the
   * Docker runtime runs the published images of the checked-out release instead of building them, and `make upgrade`
   * moves between releases; unset, it builds what is checked out.
   */
  releaseRegistry: string | undefined;
  /** Off-site copies of the backups (OFFSITE_REPOSITORY set), else undefined. */
  offsite: OffsiteSettings | undefined;
  /**
   * The apps' own settings that .env or the environment sets (APP_ENV_SETTINGS: LOG_FORMAT, DB_MAX_CONNECTIONS, the
   * limits...), by name: the native runtime gives each app those it reads, as compose.yaml passes them through.
   */
  appSettings: Readonly<Record<string, string>>;
  /** Production: the HTTPS edge in front of the web. */
  edge: {
    /** PUBLIC_HOST: the domain name people open; required in production. */
    publicHost: string | undefined;
    /** TLS_MODE: `acme`, certificates from a public CA; `internal`, from the edge's own CA. */
    tlsMode: 'acme' | 'internal';
    /** EDGE_HTTP_PORT and EDGE_HTTPS_PORT: the only ports production publishes. */
    ports: Record<keyof typeof EDGE.ports, number>;
  };
}

/** Where the off-site copies of the backups go, and how they are locked (libs/runtime/src/offsite.ts). */
export interface OffsiteSettings {
  /** OFFSITE_REPOSITORY: a restic repository, e.g. s3:s3.amazonaws.com/bucket/coaching, sftp:user@host:/srv/coaching, rest:https://host/coaching. */
  repository: string;
  /** OFFSITE_PASSWORD_FILE (absolute): the restic repository's password; default SECRETS_DIR/offsite_password. */
  passwordFile: string;
  /** OFFSITE_RECIPIENTS: the age public keys every dump is encrypted to; their private keys are not on the server. */
  recipients: string[];
  /** The storage's own login for restic (AWS_*, B2_*, AZURE_*, GOOGLE_*, RESTIC_REST_*), from .env or the environment. */
  backendEnvironment: Record<string, string>;
}

/** A database role's name and password. */
export interface DatabaseLogin {
  user: string;
  password: string;
}

/** The value of every variable of .env.example when unset. */
export const DEFAULTS = {
  RUNTIME_ENV: 'development',
  BIND_ADDRESS: '127.0.0.1',
  ...portVariables(DEFAULT_PORTS),
  MAIL_FROM: 'Coaching Platform <no-reply@localhost>',
  POSTGRES_DB: DEFAULT_DATABASE.name,
  POSTGRES_USER: DEFAULT_DATABASE.migrator,
  POSTGRES_PASSWORD: 'password',
  POSTGRES_APP_USER: DEFAULT_DATABASE.app,
  POSTGRES_APP_PASSWORD: 'app_password',
  POSTGRES_SUPERUSER_PASSWORD: 'superuser',
  IMAGE_TAG: 'local',
  COMPOSE_PROJECT_NAME: PLATFORM_NAME,
  PLATFORM_DATA_DIR: '.data',
  PLATFORM_RUNTIME: 'auto',
  BACKUP_DIR: 'backups',
  SECRETS_DIR: '.secrets/production',
  TLS_MODE: 'acme',
  EDGE_HTTP_PORT: String(EDGE.ports.http.default),
  EDGE_HTTPS_PORT: String(EDGE.ports.https.default),
} as const;

/** The command that creates the production secret files. */
export const SECRETS_COMMAND = 'npx nx run platform:secrets (make secrets)';

/** The name of the off-site repository's password file in SECRETS_DIR unless OFFSITE_PASSWORD_FILE says otherwise. */
export const OFFSITE_PASSWORD = 'offsite_password';

/** The variable that holds each login's password in development (production reads SECRET_FILES instead). */
export const PASSWORD_VARIABLES = {
  migrator: 'POSTGRES_PASSWORD',
  app: 'POSTGRES_APP_PASSWORD',
  superuser: 'POSTGRES_SUPERUSER_PASSWORD',
} as const satisfies Record<keyof typeof SECRET_FILES, keyof typeof DEFAULTS>;

/**
 * Where people open the platform in production: https://PUBLIC_HOST, with the edge's port when it is not 443. The web
 * checks form origins against it and the api's links start with it.
 */
export function publicWebOrigin(settings: PlatformSettings): string | undefined {
  const { publicHost, ports } = settings.edge;
  if (publicHost === undefined) return undefined;
  return ports.https === EDGE.ports.https.default ? `https://${publicHost}` : `https://${publicHost}:${ports.https}`;
}

/** The settings as the environment variables compose interpolates (the names of .env.example). */
export function composeEnvironment(settings: PlatformSettings): Record<string, string> {
  return {
    RUNTIME_ENV: settings.runtimeEnv,
    BIND_ADDRESS: settings.bindAddress,
    ...portVariables(settings.ports),
    ...(settings.mail.smtpUrl === undefined ? {} : { SMTP_URL: settings.mail.smtpUrl }),
    MAIL_FROM: settings.mail.from,
    POSTGRES_DB: settings.database.name,
    POSTGRES_USER: settings.database.migrator.user,
    POSTGRES_PASSWORD: settings.database.migrator.password,
    POSTGRES_APP_USER: settings.database.app.user,
    POSTGRES_APP_PASSWORD: settings.database.app.password,
    POSTGRES_SUPERUSER_PASSWORD: settings.database.superuserPassword,
    SECRETS_DIR: settings.secretsDir,
    TLS_MODE: settings.edge.tlsMode,
    EDGE_HTTP_PORT: String(settings.edge.ports.http),
    EDGE_HTTPS_PORT: String(settings.edge.ports.https),
    ...(settings.edge.publicHost === undefined ? {} : { PUBLIC_HOST: settings.edge.publicHost, PUBLIC_WEB_ORIGIN: publicWebOrigin(settings)! }),
  };
}
