import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { parse } from 'dotenv';
import {
  DEFAULT_DATABASE,
  DEFAULT_PORTS,
  PORT_NAMES,
  PORTS,
  portVariables,
  type DatabaseRole,
  type PortName,
  type PortVariable,
} from './platform/model';

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
  COMPOSE_PROJECT_NAME: 'coaching',
  PLATFORM_DATA_DIR: '.data',
  PLATFORM_RUNTIME: 'auto',
  BACKUP_DIR: 'backups',
} as const;

/** A role name that a connection URL, a Compose file and psql take as it is. */
const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The variables that hold a password, each refused in production while it has its development default. */
const PASSWORD_VARIABLES = ['POSTGRES_PASSWORD', 'POSTGRES_APP_PASSWORD', 'POSTGRES_SUPERUSER_PASSWORD'] as const;

/** A DNS host name (RFC 1123 labels): nothing a shell or a PostgreSQL option could read as more. */
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export function readSettings(workspaceRoot: string, environment: NodeJS.ProcessEnv = process.env): PlatformSettings {
  const envFile = join(workspaceRoot, '.env');
  const fromFile = existsSync(envFile) ? parse(readFileSync(envFile)) : {};
  const optional = (name: string): string | undefined =>
    [environment[name], fromFile[name]].find((candidate) => candidate !== undefined && candidate !== '');
  const value = (name: keyof typeof DEFAULTS): string => optional(name) ?? DEFAULTS[name];
  const port = (name: PortVariable): number => {
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
  const migrator = roleName('POSTGRES_USER');
  const app = roleName('POSTGRES_APP_USER');
  // The whole point of two roles: the api's login must not own the schema.
  if (app === migrator) throw new SettingsError(`POSTGRES_APP_USER=${app} must differ from POSTGRES_USER (the migrator)`);
  const settings: PlatformSettings = {
    runtimeEnv,
    bindAddress,
    ports: Object.fromEntries(PORT_NAMES.map((name) => [name, port(PORTS[name].variable)])) as Record<PortName, number>,
    mail: { smtpUrl: optional('SMTP_URL'), from: value('MAIL_FROM') },
    database: {
      name: value('POSTGRES_DB'),
      migrator: { user: migrator, password: value('POSTGRES_PASSWORD') },
      app: { user: app, password: value('POSTGRES_APP_PASSWORD') },
      superuserPassword: value('POSTGRES_SUPERUSER_PASSWORD'),
    },
    composeProject: value('COMPOSE_PROJECT_NAME'),
    dataDir,
    backupDir: resolve(workspaceRoot, value('BACKUP_DIR')),
    runtime,
  };
  if (settings.runtimeEnv === 'production') {
    for (const name of PASSWORD_VARIABLES) {
      if (value(name) === DEFAULTS[name]) {
        throw new SettingsError(`RUNTIME_ENV=production needs a real ${name}, not the development default`);
      }
    }
  }
  return settings;
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
  };
}
