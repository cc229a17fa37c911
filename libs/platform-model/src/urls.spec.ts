import { describe, expect, it } from 'vitest';
import type { PlatformSettings } from './settings';
import { PLATFORM_SCHEMA } from './model';
import { apiSmtpUrl, databaseUrl, displayDatabaseUrl, localDatabaseUrl, localSmtpUrl, localUrl, probeUrl, publicUrl, webOrigins } from './urls';

const settings = {
  runtimeEnv: 'development',
  ports: { db: 5432, mail: 8025, api: 4000, web: 8080, smtp: 1025 },
  mail: { smtpUrl: undefined, from: 'unused', operator: undefined },
  database: {
    name: PLATFORM_SCHEMA,
    migrator: { user: 'refactor', password: 'p@ss:word/1' },
    app: { user: 'refactor_app', password: 'app:pass' },
    superuserPassword: 'unused',
  },
} as PlatformSettings;

describe('the platform URLs', () => {
  it("builds each role's database URL for any endpoint, the password encoded", () => {
    expect(databaseUrl(settings, 'migrator', { host: 'db', port: 5432 })).toBe(`postgres://refactor:p%40ss%3Aword%2F1@db:5432/${PLATFORM_SCHEMA}`);
    expect(localDatabaseUrl(settings, 'migrator')).toBe(`postgres://refactor:p%40ss%3Aword%2F1@127.0.0.1:5432/${PLATFORM_SCHEMA}`);
    expect(localDatabaseUrl(settings, 'app')).toBe(`postgres://refactor_app:app%3Apass@127.0.0.1:5432/${PLATFORM_SCHEMA}`);
  });

  it('shows the database as the api logs in, without its password', () => {
    expect(displayDatabaseUrl(settings)).toBe(`postgres://refactor_app@localhost:5432/${PLATFORM_SCHEMA}`);
    expect(publicUrl(settings, 'db')).toBe(displayDatabaseUrl(settings));
  });

  it('addresses the apps by their ports: locally by IP, publicly by name', () => {
    expect(localUrl(settings, 'api')).toBe('http://127.0.0.1:4000');
    expect(publicUrl(settings, 'web')).toBe('http://localhost:8080');
    expect(probeUrl(settings, 'web', 'ready')).toBe('http://127.0.0.1:8080/ready');
    expect(webOrigins(settings)).toEqual(['http://localhost:8080', 'http://127.0.0.1:8080']);
  });

  it("shows the mail catcher's inbox, and sends the api's mail to it in development only, unless SMTP_URL says otherwise", () => {
    expect(publicUrl(settings, 'mail')).toBe('http://localhost:8025');
    expect(probeUrl(settings, 'mail', 'ready')).toBe('http://127.0.0.1:8025/api/healthz');
    expect(localSmtpUrl(settings)).toBe('smtp://127.0.0.1:1025');
    expect(apiSmtpUrl(settings, localSmtpUrl(settings))).toBe('smtp://127.0.0.1:1025');
    expect(apiSmtpUrl({ ...settings, runtimeEnv: 'production' }, localSmtpUrl(settings))).toBeUndefined();
    const real = { ...settings, mail: { smtpUrl: 'smtp://smtp.example.com:587', from: 'unused', operator: undefined } };
    expect(apiSmtpUrl(real, localSmtpUrl(settings))).toBe('smtp://smtp.example.com:587');
    expect(apiSmtpUrl({ ...real, runtimeEnv: 'production' }, localSmtpUrl(settings))).toBe('smtp://smtp.example.com:587');
  });
});
