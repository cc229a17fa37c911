import type { PlatformSettings } from '../settings';
import { serviceNamed, type AppName, type DatabaseRole, type ServiceName } from './model';

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

/** An app's base URL as this machine's programs call it (probes, the web's API_URL). */
export function localUrl(settings: PlatformSettings, app: AppName): string {
  return `http://${LOCAL_HOST}:${settings.ports[app]}`;
}

/** A service's address as people open it: the app's URL, or the database's display URL. */
export function publicUrl(settings: PlatformSettings, service: ServiceName): string {
  return serviceNamed(service).app ? `http://${PUBLIC_HOST}:${settings.ports[service]}` : displayDatabaseUrl(settings);
}

/** Where an app answers `probe` on this machine, e.g. `http://127.0.0.1:4000/ready`. */
export function probeUrl(settings: PlatformSettings, app: AppName, probe: 'live' | 'ready'): string {
  return `${localUrl(settings, app)}${serviceNamed(app).probes[probe]}`;
}

/** The origins a browser sends to the api from the web app: both names of this machine. */
export function webOrigins(settings: PlatformSettings): string[] {
  return [publicUrl(settings, 'web'), localUrl(settings, 'web')];
}
