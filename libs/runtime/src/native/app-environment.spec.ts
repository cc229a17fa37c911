import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_ENV_SETTINGS, APP_NAMES } from '@coaching/platform-model';
import { readSettings } from '../settings';
import { nativeAppEnvironment } from './runtime';

describe('the environment the native runtime starts each app with', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'native-env-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('carries the settings of .env that the docs promise: LOG_FORMAT, DB_MAX_CONNECTIONS, the limits', () => {
    writeFileSync(join(root, '.env'), 'LOG_FORMAT=json\nDB_MAX_CONNECTIONS=20\nLOGIN_ACCOUNT_BURST=9\nCLIENT_MAX_CONNECTIONS=16\nLOG_LEVEL=debug\n');
    const settings = readSettings(root, {});
    const api = nativeAppEnvironment(settings, 'api', '/bin');
    const web = nativeAppEnvironment(settings, 'web', '/bin');
    expect(api).toMatchObject({
      LOG_FORMAT: 'json',
      DB_MAX_CONNECTIONS: '20',
      LOGIN_ACCOUNT_BURST: '9',
      CLIENT_MAX_CONNECTIONS: '16',
      LOG_LEVEL: 'debug',
    });
    expect(web).toMatchObject({ LOG_FORMAT: 'json', CLIENT_MAX_CONNECTIONS: '16', LOG_LEVEL: 'debug' });
    // Each app gets only what it reads.
    expect(web).not.toHaveProperty('DB_MAX_CONNECTIONS');
    expect(web).not.toHaveProperty('LOGIN_ACCOUNT_BURST');
  });

  it('passes every setting .env may give an app, the environment over .env', () => {
    const everything = [...new Set(APP_NAMES.flatMap((app) => APP_ENV_SETTINGS[app]))].filter((name) => name !== 'RUNTIME_ENV');
    writeFileSync(join(root, '.env'), everything.map((name) => `${name}=from-env-file`).join('\n'));
    const settings = readSettings(root, { LOG_FORMAT: 'text' });
    for (const app of APP_NAMES) {
      const environment = nativeAppEnvironment(settings, app, '/bin');
      for (const name of APP_ENV_SETTINGS[app].filter((setting) => setting !== 'RUNTIME_ENV' && setting !== 'SMTP_URL')) {
        expect(environment[name], `${app} ${name}`).toBe(name === 'LOG_FORMAT' ? 'text' : 'from-env-file');
      }
    }
  });

  it('writes readable logs unless .env says otherwise, and keeps to itself what the runtime decides', () => {
    writeFileSync(join(root, '.env'), 'API_PORT=4100\nDATABASE_URL=postgres://elsewhere/x\nMETRICS_PORT=9100\n');
    const settings = readSettings(root, {});
    const api = nativeAppEnvironment(settings, 'api', '/bin');
    expect(api['LOG_FORMAT']).toBe('text');
    expect(api['API_PORT']).toBe('4100');
    expect(api['DATABASE_URL']).not.toContain('elsewhere');
    // Both apps read METRICS_PORT: natively neither gets one (their probes answer on the main port).
    expect(api).not.toHaveProperty('METRICS_PORT');
    expect(nativeAppEnvironment(settings, 'web', '/bin')['API_URL']).toMatch(/:4100$/);
  });
});
