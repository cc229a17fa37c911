import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { interpolate, parseCompose, type ComposeFile } from '@coaching/deployment';
import { APP_ENV_SETTINGS, APP_NAMES, composeEnvironment, DEFAULTS, SECRET_FILES, type AppName } from '@coaching/platform-model';
import { readSettings } from '../settings';

const workspaceRoot = join(__dirname, '..', '..', '..', '..');
const composeFile = (name: string): ComposeFile => parseCompose(readFileSync(join(workspaceRoot, name), 'utf8'));

/** A service's environment as a map (Compose takes a list of NAME=value too). */
function environmentOf(compose: ComposeFile, service: string): Record<string, string> {
  const environment = compose.services[service]?.environment ?? {};
  if (Array.isArray(environment)) return Object.fromEntries(environment.map((entry) => entry.split(/=(.*)/s, 2) as [string, string]));
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, String(value ?? '')]));
}

/**
 * What each app's container gets, as `docker compose` works it out: the stack's files (production's override merged
 * over compose.yaml, key by key), interpolated from the variables the docker runtime passes (composeEnvironment) over
 * those of .env, which Compose reads itself.
 */
function containerEnvironment(root: string, files: readonly string[], app: AppName): Record<string, string> {
  const variables = { ...parse(readFileSync(join(root, '.env'))), ...composeEnvironment(readSettings(root, {})) };
  const merged = Object.assign({}, ...files.map((file) => environmentOf(composeFile(file), app))) as Record<string, string>;
  return Object.fromEntries(Object.entries(merged).map(([name, value]) => [name, interpolate(value, variables)]));
}

/** The settings of `app` whose .env value does not reach its container. */
function notReaching(root: string, files: readonly string[], app: AppName, written: Record<string, string>): string[] {
  const environment = containerEnvironment(root, files, app);
  return APP_ENV_SETTINGS[app].filter((name) => name in written && environment[name] !== written[name]);
}

describe('a setting of .env reaches the apps in the Compose stack', () => {
  let root: string;
  /** A value of its own for every app setting .env may hold (those the platform's settings check too, valid ones). */
  const written = Object.fromEntries(
    [...new Set(APP_NAMES.flatMap((app) => APP_ENV_SETTINGS[app]))].map((name) => [name, `${name.toLowerCase()}-from-env`]),
  );
  Object.assign(written, { RUNTIME_ENV: 'development', SMTP_URL: 'smtp://smtp.example.com:587', MAIL_FROM: 'Us <us@example.com>' });
  const dotEnv = (extra: Record<string, string> = {}) =>
    writeFileSync(
      join(root, '.env'),
      Object.entries({ ...written, ...extra })
        .map(([name, value]) => `${name}=${value}`)
        .join('\n'),
    );

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'compose-env-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('LOG_FORMAT, DB_MAX_CONNECTIONS and the limits of docs/security.md, in development', () => {
    dotEnv({ LOG_FORMAT: 'text', DB_MAX_CONNECTIONS: '20', LOGIN_ACCOUNT_BURST: '9', CLIENT_MAX_CONNECTIONS: '16' });
    const api = containerEnvironment(root, ['compose.yaml'], 'api');
    expect(api).toMatchObject({ LOG_FORMAT: 'text', DB_MAX_CONNECTIONS: '20', LOGIN_ACCOUNT_BURST: '9', CLIENT_MAX_CONNECTIONS: '16' });
    expect(containerEnvironment(root, ['compose.yaml'], 'web')).toMatchObject({ LOG_FORMAT: 'text', CLIENT_MAX_CONNECTIONS: '16' });
  });

  it('every setting .env may give an app, in development', () => {
    dotEnv();
    for (const app of APP_NAMES) expect(notReaching(root, ['compose.yaml'], app, written), app).toEqual([]);
  });

  it('every one in production too, but those production decides (docs/settings.md says which)', () => {
    const secrets = join(root, DEFAULTS.SECRETS_DIR);
    mkdirSync(secrets, { recursive: true });
    for (const file of Object.values(SECRET_FILES)) writeFileSync(join(secrets, file), `${file}-random`);
    dotEnv({ RUNTIME_ENV: 'production', PUBLIC_HOST: 'coaching.example.com', LOG_FORMAT: 'text', DB_MAX_CONNECTIONS: '20', LOG_LEVEL: 'debug' });
    const production = ['compose.yaml', 'compose.production.yaml'];
    expect(containerEnvironment(root, production, 'api')).toMatchObject({
      LOG_FORMAT: 'text',
      DB_MAX_CONNECTIONS: '20',
      LOG_LEVEL: 'debug',
      RUNTIME_ENV: 'production',
      PUBLIC_WEB_ORIGIN: 'https://coaching.example.com',
    });
    const inFile = parse(readFileSync(join(root, '.env')));
    expect(notReaching(root, production, 'api', inFile)).toEqual(['DATABASE_REQUIRE_VERIFIED_TLS', 'PUBLIC_WEB_ORIGIN']);
    expect(notReaching(root, production, 'web', inFile)).toEqual(['PUBLIC_WEB_ORIGIN']);
  });
});
