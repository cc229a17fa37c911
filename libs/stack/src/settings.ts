import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { parse } from 'dotenv';
import { DEFAULT_DATABASE, DEFAULT_PORTS, portVariables, SERVICES, type PortVariable, type ServiceName } from './platform/model';

/**
 * What every runtime needs to know to run the platform, from `.env` (see `.env.example`, where each variable is
 * documented once) overridden by the process environment. Empty values count as unset.
 */
export interface PlatformSettings {
  runtimeEnv: 'development' | 'production';
  /** Address the published ports listen on. */
  bindAddress: string;
  ports: Record<ServiceName, number>;
  database: { name: string; user: string; password: string; superuserPassword: string };
  /** Docker runtime: the Compose project, so several stacks (a test's, yours) can live side by side. */
  composeProject: string;
  /** Native runtime: where the database, pids and logs live (absolute). */
  dataDir: string;
  /** Where db:backup writes and rebuild-db keeps its safety copy (absolute). */
  backupDir: string;
  /** Which runtime commands use unless told (`auto`: docker when an engine answers, native otherwise). */
  runtime: 'auto' | 'docker' | 'native';
}

/** The value of every variable of .env.example when unset. */
export const DEFAULTS = {
  RUNTIME_ENV: 'development',
  BIND_ADDRESS: '127.0.0.1',
  ...portVariables(DEFAULT_PORTS),
  POSTGRES_DB: DEFAULT_DATABASE.name,
  POSTGRES_USER: DEFAULT_DATABASE.user,
  POSTGRES_PASSWORD: 'password',
  POSTGRES_SUPERUSER_PASSWORD: 'superuser',
  COMPOSE_PROJECT_NAME: 'coaching',
  PLATFORM_DATA_DIR: '.data',
  PLATFORM_RUNTIME: 'auto',
  BACKUP_DIR: 'backups',
} as const;

/** A DNS host name (RFC 1123 labels): nothing a shell or a PostgreSQL option could read as more. */
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export function readSettings(workspaceRoot: string, environment: NodeJS.ProcessEnv = process.env): PlatformSettings {
  const envFile = join(workspaceRoot, '.env');
  const fromFile = existsSync(envFile) ? parse(readFileSync(envFile)) : {};
  const value = (name: keyof typeof DEFAULTS): string =>
    [environment[name], fromFile[name]].find((candidate) => candidate !== undefined && candidate !== '') ?? DEFAULTS[name];
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
  const settings: PlatformSettings = {
    runtimeEnv,
    bindAddress,
    ports: Object.fromEntries(SERVICES.map((service) => [service.name, port(service.port.variable)])) as Record<ServiceName, number>,
    database: {
      name: value('POSTGRES_DB'),
      user: value('POSTGRES_USER'),
      password: value('POSTGRES_PASSWORD'),
      superuserPassword: value('POSTGRES_SUPERUSER_PASSWORD'),
    },
    composeProject: value('COMPOSE_PROJECT_NAME'),
    dataDir,
    backupDir: resolve(workspaceRoot, value('BACKUP_DIR')),
    runtime,
  };
  if (settings.runtimeEnv === 'production') {
    for (const name of ['POSTGRES_PASSWORD', 'POSTGRES_SUPERUSER_PASSWORD'] as const) {
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
    POSTGRES_DB: settings.database.name,
    POSTGRES_USER: settings.database.user,
    POSTGRES_PASSWORD: settings.database.password,
    POSTGRES_SUPERUSER_PASSWORD: settings.database.superuserPassword,
  };
}
