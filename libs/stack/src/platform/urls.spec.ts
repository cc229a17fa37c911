import { describe, expect, it } from 'vitest';
import type { PlatformSettings } from '../settings';
import { PLATFORM_SCHEMA } from './model';
import { databaseUrl, displayDatabaseUrl, localDatabaseUrl, localUrl, probeUrl, publicUrl, webOrigins } from './urls';

const settings = {
  ports: { db: 5432, api: 4000, web: 8080 },
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
});
