import { DEFAULT_DATABASE, DEFAULTS, PLATFORM_SCHEMA, PORTS, type AppName } from '@coaching/platform-model';
import { settingOf, type EnvContracts } from './contract';

/**
 * The defaults the apps carry themselves (a developer runs `cargo run -p api` with no settings) that must be the
 * platform model's: where each listens and calls the other, and the development database.
 */
export function modelDefaults(): readonly { app: AppName; name: string; value: string }[] {
  const database = `postgres://${DEFAULT_DATABASE.migrator}:${DEFAULTS.POSTGRES_PASSWORD}@localhost:${PORTS.db.default}/${DEFAULT_DATABASE.name}`;
  return [
    { app: 'api', name: PORTS.api.variable, value: String(PORTS.api.default) },
    { app: 'web', name: PORTS.web.variable, value: String(PORTS.web.default) },
    { app: 'web', name: 'API_URL', value: `http://localhost:${PORTS.api.default}` },
    { app: 'api', name: 'ALLOWED_ORIGINS', value: `http://localhost:${PORTS.web.default}` },
    { app: 'api', name: 'DATABASE_URL', value: database },
    { app: 'api', name: 'DATABASE_SCHEMA', value: PLATFORM_SCHEMA },
  ];
}

/** Each app default that is not the model's, as a sentence saying which side to change; none: they agree. */
export function disagreementsWithModel(contracts: EnvContracts): string[] {
  return modelDefaults()
    .filter(({ app, name, value }) => settingOf(contracts, app, name).default !== value)
    .map(({ app, name, value }) => {
      const actual = settingOf(contracts, app, name).default;
      return `${app}'s ${name} defaults to ${actual ?? 'nothing'}, the platform model (libs/platform-model) to ${value}: change one of them`;
    });
}
