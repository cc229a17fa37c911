/** What the platform is, without any IO: its services, ports, schema, secret names, settings and URLs. */
export * from './model';
export * from './settings';
export * from './urls';
export * from './app-env-settings';
