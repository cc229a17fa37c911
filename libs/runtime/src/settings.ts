import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { parse } from 'dotenv';
import {
  APP_ENV_SETTINGS,
  DEFAULTS,
  EDGE,
  OFFSITE_PASSWORD,
  PASSWORD_VARIABLES,
  PORT_NAMES,
  PORTS,
  SECRET_FILES,
  SECRETS_COMMAND,
  type OffsiteSettings,
  type PlatformSettings,
  type PortName,
  type PortVariable,
} from '@coaching/platform-model';

type EdgePortVariable = (typeof EDGE.ports)[keyof typeof EDGE.ports]['variable'];

/** A role name that a connection URL, a Compose file and psql take as it is. */
const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** A registry and namespace as image references start: `ghcr.io/my-org`, `127.0.0.1:5000/coaching` (lower case). */
const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

/** A DNS host name (RFC 1123 labels): nothing a shell or a PostgreSQL option could read as more. */
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/**
 * `.env` may hold the SMTP password and the off-site storage's login: a copy that others may read (`cp` keeps the
 * umask's 644) is made readable by its owner only, when that owner is who runs the tools.
 */
function keepOwnerOnly(file: string): void {
  const { mode, uid } = statSync(file);
  if ((mode & 0o077) !== 0 && uid === process.getuid?.()) chmodSync(file, mode & 0o700);
}

/** Reads variables from the environment, else `.env`; empty counts as unset. */
function variables(workspaceRoot: string, environment: NodeJS.ProcessEnv) {
  const envFile = join(workspaceRoot, '.env');
  if (existsSync(envFile)) keepOwnerOnly(envFile);
  const fromFile = existsSync(envFile) ? parse(readFileSync(envFile)) : {};
  const optional = (name: string): string | undefined =>
    [environment[name], fromFile[name]].find((candidate) => candidate !== undefined && candidate !== '');
  const value = (name: keyof typeof DEFAULTS): string => optional(name) ?? DEFAULTS[name];
  /** Every set variable whose name starts with one of `prefixes`. */
  const prefixed = (prefixes: readonly string[]): Record<string, string> => {
    const names = new Set(
      [...Object.keys(fromFile), ...Object.keys(environment)].filter((name) => prefixes.some((prefix) => name.startsWith(prefix))),
    );
    return Object.fromEntries([...names].flatMap((name) => (optional(name) === undefined ? [] : [[name, optional(name)!]])));
  };
  return { optional, value, prefixed };
}

/** SECRETS_DIR, absolute: where `platform:secrets` creates the production secret files (it needs no other setting). */
export function readSecretsDir(workspaceRoot: string, environment: NodeJS.ProcessEnv = process.env): string {
  return resolve(workspaceRoot, variables(workspaceRoot, environment).value('SECRETS_DIR'));
}

/** The variables restic's storage backends read their logins from. */
const BACKEND_PREFIXES = ['AWS_', 'B2_', 'AZURE_', 'GOOGLE_', 'RESTIC_REST_'];

/** An age public key (X25519): `age1` and 58 more Bech32 characters. */
const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

/**
 * The off-site settings when OFFSITE_REPOSITORY is set (`platform:secrets` reads them too, to create the password
 * file): the repository, its password file, the age recipients the dumps are encrypted to, the backend's login.
 */
export function readOffsiteSettings(workspaceRoot: string, environment: NodeJS.ProcessEnv = process.env): OffsiteSettings | undefined {
  const { optional, prefixed } = variables(workspaceRoot, environment);
  const repository = optional('OFFSITE_REPOSITORY');
  if (repository === undefined) return undefined;
  if (/\s/.test(repository))
    throw new SettingsError(
      `OFFSITE_REPOSITORY=${repository} must be a restic repository without spaces, e.g. s3:s3.amazonaws.com/my-bucket/coaching`,
    );
  const recipients = (optional('OFFSITE_RECIPIENTS') ?? '').split(/[\s,]+/).filter(Boolean);
  if (recipients.length === 0) {
    throw new SettingsError(
      'OFFSITE_REPOSITORY needs OFFSITE_RECIPIENTS, the age public key (age1...) the backups are encrypted to: make one with age-keygen on another computer (docs/production.md#off-site-backups)',
    );
  }
  const wrong = recipients.find((recipient) => !AGE_RECIPIENT.test(recipient));
  if (wrong) throw new SettingsError(`OFFSITE_RECIPIENTS holds ${wrong}, which is not an age public key (age1 and 58 letters and digits)`);
  const passwordFile = resolve(
    workspaceRoot,
    optional('OFFSITE_PASSWORD_FILE') ?? join(readSecretsDir(workspaceRoot, environment), OFFSITE_PASSWORD),
  );
  return { repository, passwordFile, recipients, backendEnvironment: prefixed(BACKEND_PREFIXES) };
}

export function readSettings(workspaceRoot: string, environment: NodeJS.ProcessEnv = process.env): PlatformSettings {
  const { optional, value } = variables(workspaceRoot, environment);
  const port = (name: PortVariable | EdgePortVariable): number => {
    const raw = value(name);
    const parsed = Number(raw);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65_535) {
      throw new SettingsError(`${name}=${raw} is not a port number (1-65535); fix it in .env or the environment`);
    }
    return parsed;
  };
  const runtime = value('PLATFORM_RUNTIME');
  if (runtime !== 'auto' && runtime !== 'docker' && runtime !== 'native') {
    throw new SettingsError(`PLATFORM_RUNTIME=${runtime} must be auto, docker or native`);
  }
  const runtimeEnv = value('RUNTIME_ENV');
  if (runtimeEnv !== 'development' && runtimeEnv !== 'production') {
    throw new SettingsError(`RUNTIME_ENV=${runtimeEnv} must be development or production`);
  }
  const bindAddress = value('BIND_ADDRESS');
  if (!isIP(bindAddress) && !HOSTNAME.test(bindAddress)) {
    throw new SettingsError(`BIND_ADDRESS=${bindAddress} must be an IP address or a host name`);
  }
  const dataDir = resolve(workspaceRoot, value('PLATFORM_DATA_DIR'));
  // pg_ctl pastes the native cluster's folder into a /bin/sh command line between double quotes.
  if (/["$`\\\n]/.test(dataDir)) {
    throw new SettingsError(`PLATFORM_DATA_DIR=${dataDir} must not contain ", $, \`, \\ or a line break`);
  }
  const roleName = (name: 'POSTGRES_USER' | 'POSTGRES_APP_USER'): string => {
    const role = value(name);
    if (!ROLE_NAME.test(role)) {
      throw new SettingsError(`${name}=${role} must be a role name: a letter or _, then letters, digits or _ (at most 63)`);
    }
    return role;
  };
  const tlsMode = value('TLS_MODE');
  if (tlsMode !== 'acme' && tlsMode !== 'internal') throw new SettingsError(`TLS_MODE=${tlsMode} must be acme or internal`);
  const publicHost = optional('PUBLIC_HOST');
  if (publicHost !== undefined && !HOSTNAME.test(publicHost)) {
    throw new SettingsError(`PUBLIC_HOST=${publicHost} must be a host name, e.g. coaching.example.com`);
  }
  if (runtimeEnv === 'production' && publicHost === undefined) {
    throw new SettingsError('RUNTIME_ENV=production needs PUBLIC_HOST, the domain name people open (its DNS record points at this server)');
  }
  const releaseRegistry = optional('RELEASE_REGISTRY');
  if (releaseRegistry !== undefined && !REGISTRY.test(releaseRegistry)) {
    throw new SettingsError(`RELEASE_REGISTRY=${releaseRegistry} must be a registry and namespace in lower case, e.g. ghcr.io/my-org`);
  }
  const secretsDir = readSecretsDir(workspaceRoot, environment);
  // Production reads its passwords from the secret files; development from .env (or the defaults).
  const password = (login: keyof typeof SECRET_FILES): string =>
    runtimeEnv === 'production' ? productionPassword(secretsDir, login) : value(PASSWORD_VARIABLES[login]);
  const migrator = roleName('POSTGRES_USER');
  const app = roleName('POSTGRES_APP_USER');
  // The whole point of two roles: the api's login must not own the schema.
  if (app === migrator) throw new SettingsError(`POSTGRES_APP_USER=${app} must differ from POSTGRES_USER (the migrator)`);
  return {
    runtimeEnv,
    bindAddress,
    ports: Object.fromEntries(PORT_NAMES.map((name) => [name, port(PORTS[name].variable)])) as Record<PortName, number>,
    mail: { smtpUrl: optional('SMTP_URL'), from: value('MAIL_FROM'), operator: optional('OPERATOR_EMAIL') },
    database: {
      name: value('POSTGRES_DB'),
      migrator: { user: migrator, password: password('migrator') },
      app: { user: app, password: password('app') },
      superuserPassword: password('superuser'),
    },
    composeProject: value('COMPOSE_PROJECT_NAME'),
    dataDir,
    backupDir: resolve(workspaceRoot, value('BACKUP_DIR')),
    runtime,
    secretsDir,
    releaseRegistry,
    offsite: readOffsiteSettings(workspaceRoot, environment),
    appSettings: appSettings(optional, publicHost !== undefined),
    edge: { publicHost, tlsMode, ports: { http: port(EDGE.ports.http.variable), https: port(EDGE.ports.https.variable) } },
  };
}

/** The apps' settings the platform's own settings hold (runtimeEnv, mail), which the runtimes hand on from there. */
const HELD_BY_THE_PLATFORM = new Set(['RUNTIME_ENV', 'SMTP_URL', 'MAIL_FROM']);

/**
 * The apps' own settings (APP_ENV_SETTINGS, but those the platform holds) that are set, each once, by name. With
 * PUBLIC_HOST, PUBLIC_WEB_ORIGIN is the platform's too: derived from it (publicWebOrigin), whatever .env says.
 */
function appSettings(optional: (name: string) => string | undefined, publicHost: boolean): Record<string, string> {
  const names = new Set<string>(Object.values(APP_ENV_SETTINGS).flat());
  const own = [...names].filter((name) => !HELD_BY_THE_PLATFORM.has(name) && !(publicHost && name === 'PUBLIC_WEB_ORIGIN'));
  return Object.fromEntries(own.flatMap((name) => (optional(name) === undefined ? [] : [[name, optional(name)!]])));
}

/** A production password: every secret file must exist, and this one hold neither nothing nor a development default. */
function productionPassword(secretsDir: string, login: keyof typeof SECRET_FILES): string {
  const missing = Object.values(SECRET_FILES)
    .map((name) => join(secretsDir, name))
    .filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new SettingsError(`RUNTIME_ENV=production needs the secret files ${missing.join(', ')}; create them with ${SECRETS_COMMAND}`);
  }
  const file = join(secretsDir, SECRET_FILES[login]);
  // As PostgreSQL's entrypoint and the api read it: without the line break an editor adds.
  const password = readFileSync(file, 'utf8').replace(/[\r\n]+$/, '');
  const developmentDefaults: string[] = Object.values(PASSWORD_VARIABLES).map((variable) => DEFAULTS[variable]);
  if (password === '' || developmentDefaults.includes(password)) {
    throw new SettingsError(`${file} holds an empty or development password; delete it and run ${SECRETS_COMMAND}`);
  }
  return password;
}

/**
 * Development settings for a platform kept whole in `dataDir` on `ports`, apart from any `.env` (a test's or a
 * benchmark's own native platform), with the default database logins unless `database` names others.
 */
export function settingsInFolder(
  dataDir: string,
  ports: PlatformSettings['ports'],
  database: PlatformSettings['database'] = {
    name: DEFAULTS.POSTGRES_DB,
    migrator: { user: DEFAULTS.POSTGRES_USER, password: DEFAULTS.POSTGRES_PASSWORD },
    app: { user: DEFAULTS.POSTGRES_APP_USER, password: DEFAULTS.POSTGRES_APP_PASSWORD },
    superuserPassword: DEFAULTS.POSTGRES_SUPERUSER_PASSWORD,
  },
): PlatformSettings {
  return {
    runtimeEnv: 'development',
    bindAddress: DEFAULTS.BIND_ADDRESS,
    ports,
    mail: { smtpUrl: undefined, from: DEFAULTS.MAIL_FROM, operator: undefined },
    database,
    composeProject: DEFAULTS.COMPOSE_PROJECT_NAME,
    dataDir,
    backupDir: join(dataDir, 'backups'),
    runtime: 'native',
    // Production only.
    secretsDir: join(dataDir, 'secrets'),
    releaseRegistry: undefined,
    offsite: undefined,
    appSettings: {},
    edge: { publicHost: undefined, tlsMode: DEFAULTS.TLS_MODE, ports: { http: EDGE.ports.http.default, https: EDGE.ports.https.default } },
  };
}
