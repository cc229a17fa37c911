import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DATABASE, PORTS, type PortName } from './platform/model';
import { composeEnvironment, DEFAULTS, readSettings, SettingsError } from './settings';

const workspaceRoot = join(__dirname, '..', '..', '..');

describe('readSettings', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'settings-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("takes every service's port and the database from the model when nothing is set", () => {
    const settings = readSettings(root, {});
    for (const [name, port] of Object.entries(PORTS)) expect(settings.ports[name as PortName], name).toBe(port.default);
    expect(settings.mail).toEqual({ smtpUrl: undefined, from: DEFAULTS.MAIL_FROM });
    expect(settings.database.name).toBe(DEFAULT_DATABASE.name);
    expect(settings.database.migrator.user).toBe(DEFAULT_DATABASE.migrator);
    expect(settings.database.app.user).toBe(DEFAULT_DATABASE.app);
  });

  it("reads each port from its model variable, the environment over .env", () => {
    writeFileSync(join(root, '.env'), 'API_PORT=4100\nWEB_PORT=8100\n');
    const settings = readSettings(root, { WEB_PORT: '8200', DB_PORT: '' });
    expect(settings.ports).toEqual({ db: 5432, mail: 8025, api: 4100, web: 8200, smtp: 1025 });
    expect(() => readSettings(root, { DB_PORT: '70000' })).toThrow(SettingsError);
  });

  it('takes BIND_ADDRESS only as an IP address or a host name, since it reaches command lines', () => {
    for (const address of ['127.0.0.1', '0.0.0.0', '::1', 'localhost', 'db.example.org']) {
      expect(readSettings(root, { BIND_ADDRESS: address }).bindAddress).toBe(address);
    }
    for (const address of ['127.0.0.1 -c ssl=off', '$(touch /tmp/x)', "'; ls", 'host_name']) {
      expect(() => readSettings(root, { BIND_ADDRESS: address })).toThrow(/^BIND_ADDRESS=.* must be an IP address or a host name$/);
    }
  });

  it('refuses a PLATFORM_DATA_DIR that a shell would expand, and takes one with a space', () => {
    expect(readSettings(root, { PLATFORM_DATA_DIR: 'data dir' }).dataDir).toBe(join(root, 'data dir'));
    for (const dir of ['$(touch x)', '`id`', 'a"b', 'a\\b']) {
      expect(() => readSettings(root, { PLATFORM_DATA_DIR: dir })).toThrow(SettingsError);
    }
  });

  it('refuses in production every development password, the application role\'s too', () => {
    const real = { POSTGRES_PASSWORD: 'm1', POSTGRES_APP_PASSWORD: 'a1', POSTGRES_SUPERUSER_PASSWORD: 's1' };
    expect(readSettings(root, { RUNTIME_ENV: 'production', ...real }).database.app.password).toBe('a1');
    for (const variable of Object.keys(real)) {
      expect(() => readSettings(root, { RUNTIME_ENV: 'production', ...real, [variable]: '' })).toThrow(
        `RUNTIME_ENV=production needs a real ${variable}, not the development default`,
      );
    }
  });

  it('keeps the api off the migrator role, and takes role names a URL and psql take as they are', () => {
    expect(() => readSettings(root, { POSTGRES_APP_USER: DEFAULT_DATABASE.migrator })).toThrow(
      `POSTGRES_APP_USER=${DEFAULT_DATABASE.migrator} must differ from POSTGRES_USER (the migrator)`,
    );
    for (const name of ['a@b', 'x:y', 'has space', '1st', 'x'.repeat(64)]) {
      expect(() => readSettings(root, { POSTGRES_APP_USER: name }), name).toThrow(/^POSTGRES_APP_USER=.* must be a role name/);
      expect(() => readSettings(root, { POSTGRES_USER: name }), name).toThrow(/^POSTGRES_USER=.* must be a role name/);
    }
  });

  it('documents in .env.example the very defaults it uses', () => {
    const example = parse(readFileSync(join(workspaceRoot, '.env.example')));
    for (const [variable, value] of Object.entries(DEFAULTS)) expect(example[variable], variable).toBe(value);
  });

  it('gives compose the same settings back as variables', () => {
    const settings = readSettings(root, { DB_PORT: '15432', POSTGRES_DB: 'other' });
    expect(readSettings(root, composeEnvironment(settings))).toEqual(settings);
    const withMail = readSettings(root, { SMTP_URL: 'smtp://smtp.example.com:587', MAIL_FROM: 'Us <us@example.com>' });
    expect(withMail.mail).toEqual({ smtpUrl: 'smtp://smtp.example.com:587', from: 'Us <us@example.com>' });
    expect(readSettings(root, composeEnvironment(withMail))).toEqual(withMail);
  });
});
