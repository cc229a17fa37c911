import type { PlatformSettings } from './settings';
import { serviceNamed, type DatabaseRole, type ProbedService, type ServiceName } from './model';

/** Where this machine reaches the platform's published ports (the runtimes publish on BIND_ADDRESS). */
export const LOCAL_HOST = '127.0.0.1';
/** The host name people type, and what the apps' CORS and cookies expect. */
const PUBLIC_HOST = 'localhost';

/** The connection string of `role` (the api's `app`, or the `migrator`) for a database reachable at `endpoint`. */
export function databaseUrl(settings: PlatformSettings, role: DatabaseRole, endpoint: { host: string; port: number }): string {
  const { user, password } = settings.database[role];
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${endpoint.host}:${endpoint.port}/${settings.database.name}`;
}

/** The connection string of `role` for the database published on this machine (DB_PORT), in both runtimes. */
export function localDatabaseUrl(settings: PlatformSettings, role: DatabaseRole): string {
  return databaseUrl(settings, role, { host: LOCAL_HOST, port: settings.ports.db });
}

/** The database's address to show people, as the api logs in: no password. */
export function displayDatabaseUrl(settings: PlatformSettings): string {
  const { name } = settings.database;
  const { user } = settings.database.app;
  return `postgres://${user}@${PUBLIC_HOST}:${settings.ports.db}/${name}`;
}

/** An HTTP service's base URL as this machine's programs call it (probes, the web's API_URL, the mail catcher's API). */
export function localUrl(settings: PlatformSettings, service: ProbedService): string {
  return `http://${LOCAL_HOST}:${settings.ports[service]}`;
}

/** A service's address as people open it: its web address (the apps, the mail catcher's inbox), or the database's display URL. */
export function publicUrl(settings: PlatformSettings, service: ServiceName): string {
  return service === 'db' ? displayDatabaseUrl(settings) : `http://${PUBLIC_HOST}:${settings.ports[service]}`;
}

/** Where a service answers `probe` on this machine, e.g. `http://127.0.0.1:4000/ready`. */
export function probeUrl(settings: PlatformSettings, service: ProbedService, probe: 'live' | 'ready'): string {
  return `${localUrl(settings, service)}${serviceNamed(service).probes[probe]}`;
}

/** The mail catcher's SMTP server as the natively run api reaches it. */
export function localSmtpUrl(settings: PlatformSettings): string {
  return `smtp://${LOCAL_HOST}:${settings.ports.smtp}`;
}

/**
 * Where the api sends mail: SMTP_URL when set; otherwise the mail catcher in development (at `catcher`) and nowhere
 * in production (the api then shows links to hand over instead).
 */
export function apiSmtpUrl(settings: PlatformSettings, catcher: string): string | undefined {
  return settings.mail.smtpUrl ?? (settings.runtimeEnv === 'development' ? catcher : undefined);
}

/** The origins a browser sends to the api from the web app: both names of this machine. */
export function webOrigins(settings: PlatformSettings): string[] {
  return [publicUrl(settings, 'web'), localUrl(settings, 'web')];
}
