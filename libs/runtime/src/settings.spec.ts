import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  composeEnvironment,
  DEFAULT_DATABASE,
  DEFAULTS,
  PORTS,
  publicWebOrigin,
  SECRET_FILES,
  SECRETS_COMMAND,
  type PortName,
} from '@coaching/platform-model';
import { readSettings, SettingsError } from './settings';

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
    expect(settings.mail).toEqual({ smtpUrl: undefined, from: DEFAULTS.MAIL_FROM, operator: undefined });
    expect(settings.database.name).toBe(DEFAULT_DATABASE.name);
    expect(settings.database.migrator.user).toBe(DEFAULT_DATABASE.migrator);
    expect(settings.database.app.user).toBe(DEFAULT_DATABASE.app);
  });

  it('reads each port from its model variable, the environment over .env', () => {
    writeFileSync(join(root, '.env'), 'API_PORT=4100\nWEB_PORT=8100\n');
    const settings = readSettings(root, { WEB_PORT: '8200', DB_PORT: '' });
    expect(settings.ports).toEqual({ db: 5432, mail: 8025, api: 4100, web: 8200, smtp: 1025 });
    expect(() => readSettings(root, { DB_PORT: '70000' })).toThrow(SettingsError);
  });

  it('makes a .env that others may read (as `cp` leaves it) readable by its owner only', () => {
    const envFile = join(root, '.env');
    writeFileSync(envFile, 'SMTP_URL=smtp://user:secret@mail.example.com:587\n', { mode: 0o644 });
    expect(readSettings(root, {}).mail.smtpUrl).toBe('smtp://user:secret@mail.example.com:587');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
  });

  it('takes RELEASE_REGISTRY only as a registry and namespace in lower case, since it names images', () => {
    expect(readSettings(root, {}).releaseRegistry).toBeUndefined();
    for (const registry of ['ghcr.io/coaching-platform', '127.0.0.1:5000/coaching', 'registry.example.com/a/b-c']) {
      expect(readSettings(root, { RELEASE_REGISTRY: registry }).releaseRegistry).toBe(registry);
    }
    for (const registry of ['ghcr.io/Coaching', 'https://ghcr.io/x', 'ghcr.io/x y', 'ghcr.io/x:latest', 'ghcr.io/x/']) {
      expect(() => readSettings(root, { RELEASE_REGISTRY: registry }), registry).toThrow(
        /^RELEASE_REGISTRY=.* must be a registry and namespace in lower case/,
      );
    }
  });

  it('reads the off-site settings only with OFFSITE_REPOSITORY, and then needs age public keys to encrypt to', () => {
    const recipient = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
    expect(readSettings(root, { OFFSITE_RECIPIENTS: recipient }).offsite).toBeUndefined();
    const offsite = readSettings(root, {
      OFFSITE_REPOSITORY: 'sftp:backup@example.org:/srv/coaching',
      OFFSITE_RECIPIENTS: `${recipient}, ${recipient}`,
      AWS_ACCESS_KEY_ID: 'AKIA1',
    }).offsite;
    expect(offsite).toEqual({
      repository: 'sftp:backup@example.org:/srv/coaching',
      passwordFile: join(root, DEFAULTS.SECRETS_DIR, 'offsite_password'),
      recipients: [recipient, recipient],
      backendEnvironment: { AWS_ACCESS_KEY_ID: 'AKIA1' },
    });
    expect(() => readSettings(root, { OFFSITE_REPOSITORY: 'rest:http://127.0.0.1:8000/' })).toThrow(/needs OFFSITE_RECIPIENTS, the age public key/);
    expect(() => readSettings(root, { OFFSITE_REPOSITORY: 'rest:http://127.0.0.1:8000/', OFFSITE_RECIPIENTS: 'ssh-ed25519 AAAA' })).toThrow(
      'OFFSITE_RECIPIENTS holds ssh-ed25519, which is not an age public key (age1 and 58 letters and digits)',
    );
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

  describe('in production', () => {
    const production = { RUNTIME_ENV: 'production', PUBLIC_HOST: 'coaching.example.com' };
    const secretsDir = () => join(root, DEFAULTS.SECRETS_DIR);
    beforeEach(() => {
      mkdirSync(secretsDir(), { recursive: true });
      for (const [login, file] of Object.entries(SECRET_FILES)) writeFileSync(join(secretsDir(), file), `${login}-random\n`);
    });

    it('reads the passwords from the secret files of SECRETS_DIR, never from .env', () => {
      const settings = readSettings(root, { ...production, POSTGRES_APP_PASSWORD: 'ignored' });
      expect(settings.secretsDir).toBe(secretsDir());
      expect(settings.database.app.password).toBe('app-random');
      expect(settings.database.migrator.password).toBe('migrator-random');
      expect(settings.database.superuserPassword).toBe('superuser-random');
    });

    it('refuses to go on without the secret files, naming the missing ones and the command that creates them', () => {
      rmSync(join(secretsDir(), SECRET_FILES.app));
      rmSync(join(secretsDir(), SECRET_FILES.superuser));
      const missing = [SECRET_FILES.superuser, SECRET_FILES.app].map((name) => join(secretsDir(), name)).join(', ');
      expect(() => readSettings(root, production)).toThrow(
        `RUNTIME_ENV=production needs the secret files ${missing}; create them with ${SECRETS_COMMAND}`,
      );
    });

    it('refuses a secret file holding a development password or nothing', () => {
      for (const password of [DEFAULTS.POSTGRES_PASSWORD, DEFAULTS.POSTGRES_SUPERUSER_PASSWORD, '\n']) {
        writeFileSync(join(secretsDir(), SECRET_FILES.migrator), password);
        expect(() => readSettings(root, production), password).toThrow(/holds an empty or development password; delete it and run/);
      }
    });

    it('needs PUBLIC_HOST, a host name, and derives the address people open from it', () => {
      expect(() => readSettings(root, { RUNTIME_ENV: 'production' })).toThrow(/^RUNTIME_ENV=production needs PUBLIC_HOST/);
      expect(() => readSettings(root, { ...production, PUBLIC_HOST: 'https://x.example.com' })).toThrow(/^PUBLIC_HOST=.* must be a host name/);
      expect(publicWebOrigin(readSettings(root, production))).toBe('https://coaching.example.com');
      expect(publicWebOrigin(readSettings(root, { ...production, EDGE_HTTPS_PORT: '8443' }))).toBe('https://coaching.example.com:8443');
    });

    it('takes TLS_MODE acme or internal only', () => {
      expect(readSettings(root, { ...production, TLS_MODE: 'internal' }).edge.tlsMode).toBe('internal');
      expect(() => readSettings(root, { ...production, TLS_MODE: 'self-signed' })).toThrow('TLS_MODE=self-signed must be acme or internal');
    });

    it('gives compose the same settings back, with the derived origin', () => {
      const settings = readSettings(root, { ...production, EDGE_HTTPS_PORT: '8443' });
      const environment = composeEnvironment(settings);
      expect(environment.PUBLIC_WEB_ORIGIN).toBe('https://coaching.example.com:8443');
      expect(readSettings(root, environment)).toEqual(settings);
    });
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
