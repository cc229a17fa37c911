import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { workspaceRoot } from '@nx/devkit';
import {
  DEFAULT_DATABASE,
  EDGE,
  imageName,
  isBuiltHere,
  PLATFORM_SCHEMA,
  publicWebOrigin,
  SECRET_FILES,
  SERVICE_NAMES,
} from '@coaching/platform-model';
import { run } from '@coaching/process';
import { freePort, freePorts } from '@coaching/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choosePassword, launchBrowser, logIn } from '../browser';
import { addMigration, copyOfCheckout, removeCheckout, removeMigration } from './checkout';
import { nx, nxIn, platformTargets, settingsWith } from '@coaching/testing';

/** Where Caddy keeps the root certificate of its own CA (TLS_MODE=internal), inside the edge container. */
const CADDY_ROOT_CERTIFICATE = '/data/caddy/pki/authorities/local/root.crt';

/** A GET over HTTPS that trusts only `ca`: the status and the headers. */
function httpsGet(
  url: string,
  ca: string | undefined,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { ca, timeout: 10_000, headers }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
    });
    outgoing.on('error', reject).end();
  });
}

/**
 * The production stack as a server runs it (compose.yaml + compose.production.yaml), through Nx, on the real engine:
 * the edge's own CA (TLS_MODE=internal) for PUBLIC_HOST=localhost, its own project name, free edge ports, and
 * secret files made by `platform:secrets` in a temporary folder. The images come from the docker-build targets this
 * test target depends on (the edge runs the caddy:2 base image).
 */
describe('the production stack behind its HTTPS edge', () => {
  let browser: Browser;
  let env: Record<string, string>;
  let secretsDir: string;
  let origin: string;
  const project = `coaching_production_e2e_${process.pid}`;
  const imageTag = `production-e2e-${process.pid}`;
  const platform = platformTargets('docker', () => env);
  const sql = async (statement: string) =>
    (
      await run('docker', ['exec', `${project}-db-1`, 'psql', '-XAt', '-U', 'postgres', '-d', DEFAULT_DATABASE.name, '-c', statement], {
        cwd: workspaceRoot,
      })
    ).stdout.trim();
  const edgeCertificate = async () =>
    (await run('docker', ['exec', `${project}-edge-1`, 'cat', CADDY_ROOT_CERTIFICATE], { cwd: workspaceRoot })).stdout;

  beforeAll(async () => {
    secretsDir = join(mkdtempSync(join(tmpdir(), 'production-e2e-')), 'secrets');
    env = {
      // The development ports, free: production must leave them so.
      ...(await freePorts()),
      [EDGE.ports.http.variable]: String(await freePort()),
      [EDGE.ports.https.variable]: String(await freePort()),
      COMPOSE_PROJECT_NAME: project,
      RUNTIME_ENV: 'production',
      PUBLIC_HOST: 'localhost',
      TLS_MODE: 'internal',
      SECRETS_DIR: secretsDir,
      // This checkout's images under a tag of the test's own, which the upgrade below moves to the next version's.
      IMAGE_TAG: imageTag,
    };
    for (const image of SERVICE_NAMES.filter(isBuiltHere).map(imageName))
      await run('docker', ['tag', `${image}:local`, `${image}:${imageTag}`], { cwd: workspaceRoot });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    const down = await platform('down');
    expect(down.ok, down.output).toBe(true);
    // Production refuses `down --volumes` (it never deletes data): the test removes its volumes itself.
    const volumes = await projectObjects('volume', project);
    if (volumes.length > 0) await run('docker', ['volume', 'rm', ...volumes], { cwd: workspaceRoot });
    rmSync(join(secretsDir, '..'), { recursive: true, force: true });
    await run('docker', ['image', 'rm', ...SERVICE_NAMES.filter(isBuiltHere).map((service) => `${imageName(service)}:${imageTag}`)], {
      cwd: workspaceRoot,
    });
  });

  it('refuses to start without the secret files, naming them and the command that makes them', async () => {
    const up = await nx(['run', 'platform:up', '--production', '--no-build'], env);
    expect(up.ok).toBe(false);
    const missing = Object.values(SECRET_FILES).map((name) => join(secretsDir, name));
    expect(up.output).toContain(`needs the secret files ${missing.join(', ')}; create them with npx nx run platform:secrets`);
  });

  it('creates the secret files once, in an owner-only folder, and keeps them on a second run', async () => {
    const first = await nx(['run', 'platform:secrets'], env);
    expect(first.ok, first.output).toBe(true);
    expect(statSync(secretsDir).mode & 0o777).toBe(0o700);
    const passwords = Object.values(SECRET_FILES).map((name) => readFileSync(join(secretsDir, name), 'utf8'));
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const second = await nx(['run', 'platform:secrets'], env);
    expect(second.ok, second.output).toBe(true);
    expect(second.output).toContain(`kept ${join(secretsDir, SECRET_FILES.app)}`);
    expect(Object.values(SECRET_FILES).map((name) => readFileSync(join(secretsDir, name), 'utf8'))).toEqual(passwords);
  });

  it('starts with `up --production`, publishing only the edge', async () => {
    const { RUNTIME_ENV: _, ...withoutRuntimeEnv } = env;
    const up = await nx(['run', 'platform:up', '--production', '--no-build'], withoutRuntimeEnv);
    expect(up.ok, up.output).toBe(true);
    origin = publicWebOrigin(settingsWith(env))!;
    expect(up.output).toContain(`Open ${origin}`);

    const published = await run(
      'docker',
      ['ps', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Label "com.docker.compose.service"}} {{.Ports}}'],
      { cwd: workspaceRoot },
    );
    const publishing = published.stdout
      .split('\n')
      .filter((line) => line.includes('->'))
      .map((line) => line.split(' ')[0]);
    expect(publishing, published.stdout).toEqual([EDGE.name]);
    // Nothing answers on the ports development would publish the database, the api and the web on.
    for (const variable of ['DB_PORT', 'API_PORT', 'WEB_PORT']) {
      await expect(fetch(`http://127.0.0.1:${env[variable]}/`, { signal: AbortSignal.timeout(2_000) }), variable).rejects.toThrow();
    }
  });

  it("redirects HTTP to HTTPS, and serves HTTPS with the stack's CA and HSTS, compressing stylesheets but never pages", async () => {
    const http = await fetch(`http://localhost:${env[EDGE.ports.http.variable]}/login`, { redirect: 'manual' });
    expect(http.status).toBe(308);
    expect(http.headers.get('location')).toMatch(/^https:\/\/localhost(:\d+)?\/login$/);

    const ca = await edgeCertificate();
    expect(ca).toContain('BEGIN CERTIFICATE');
    const https = await httpsGet(`${origin}/login`, ca);
    expect(https.status).toBe(200);
    expect(https.headers['strict-transport-security']).toBe('max-age=31536000');
    // The trust is real: without the stack's CA the certificate is refused.
    await expect(httpsGet(`${origin}/login`, undefined)).rejects.toThrow(/certificate/i);
    // Metrics stay inside the stack.
    expect((await httpsGet(`${origin}/metrics`, ca)).status).toBe(404);
    // Stylesheets are compressed, pages never (BREACH: a page holds its form token next to text the request chose).
    const gzip = { 'accept-encoding': 'gzip' };
    expect((await httpsGet(`${origin}/static/app.css`, ca, gzip)).headers['content-encoding']).toBe('gzip');
    expect((await httpsGet(`${origin}/login`, ca, gzip)).headers['content-encoding']).toBeUndefined();
  });

  it('creates the first admin, whose https link works, and who logs in with Secure __Host- cookies', async () => {
    const admin = await platform('admin', '--email=owner@example.org', '--name=Odile Owner', '--no-build');
    expect(admin.ok, admin.output).toBe(true);
    const link = admin.output.match(new RegExp(`${origin}/account/password/\\S+`))?.[0];
    expect(link, admin.output).toBeDefined();

    // Chromium trusts the system's CAs only (an NSS database per profile); the browser alone skips the check,
    // which the request above made with the stack's CA.
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const password = 'copper lantern drifts north 417';
    await choosePassword(page, link!, password);
    await logIn(page, origin, 'owner@example.org', password);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Odile');

    const cookies = await context.cookies(origin);
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie.name, cookie.name).toMatch(/^__Host-/);
      expect(cookie.secure, cookie.name).toBe(true);
    }
    await context.close();
  });

  it('takes backups keeping the newest, and restores one only with --force-production', async () => {
    // The test's own backup folder: BACKUP_DIR, as a server could set it.
    const backupEnv = { ...env, BACKUP_DIR: join(secretsDir, '..', 'backups') };
    const db = (...args: string[]) => nx(['run', ...args, '--runtime=docker'], backupEnv);
    const first = await db('db:backup', '--keep=1');
    expect(first.ok, first.output).toBe(true);
    // Backups are named by the second they were taken.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const second = await db('db:backup', '--keep=1');
    expect(second.ok, second.output).toBe(true);
    expect(second.output).toMatch(/Deleted 1 backup\(s\) beyond the newest 1/);
    const [kept, ...others] = readdirSync(backupEnv.BACKUP_DIR);
    expect(others).toEqual([]);

    await sql(`INSERT INTO ${PLATFORM_SCHEMA}.organizations (name, slug) VALUES ('After the backup', 'after-the-backup')`);
    const file = join(backupEnv.BACKUP_DIR, kept);
    const refused = await db('db:restore', file, '--yes');
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('refused with RUNTIME_ENV=production unless --force-production');
    const restored = await db('db:restore', file, '--yes', '--force-production');
    expect(restored.ok, restored.output).toBe(true);
    expect(await sql(`SELECT count(*) FROM ${PLATFORM_SCHEMA}.organizations WHERE slug = 'after-the-backup'`)).toBe('0');
    expect(await sql(`SELECT count(*) FROM ${PLATFORM_SCHEMA}.users WHERE email = 'owner@example.org'`)).toBe('1');
  });

  it('starts the edge again when only it has stopped: production is not up without it', async () => {
    await run('docker', ['stop', `${project}-edge-1`], { cwd: workspaceRoot });
    const up = await platform('up', '--no-build');
    expect(up.ok, up.output).toBe(true);
    expect(up.output).toContain('db: unchanged · api: unchanged · web: unchanged · migrations: none pending');
    expect((await fetch(`http://localhost:${env[EDGE.ports.http.variable]}/`, { redirect: 'manual' })).status).toBe(308);
  });

  /**
   * An upgrade as a server gets one: the platform of this checkout runs with data; the next version (a copy of this
   * checkout with one more migration, built under the test's image tag) is brought up over it with the same `up`.
   */
  describe('upgrading in place', () => {
    let next: string;
    const added = 'm20991231_000001_upgrade_e2e';
    const broken = 'm20991231_000002_upgrade_e2e_broken';
    const upNext = () => nxIn(next, ['run', 'platform:up'], { ...env, NX_DAEMON: 'false' });
    const container = async (service: string) =>
      (await run('docker', ['inspect', '--format', '{{.Id}}', `${project}-${service}-1`], { cwd: workspaceRoot })).stdout.trim();
    const backups = () => readdirSync(join(next, 'backups')).filter((file) => file.endsWith('.dump'));

    beforeAll(async () => {
      next = await copyOfCheckout();
      await addMigration(next, added, `CREATE TABLE ${PLATFORM_SCHEMA}.upgrade_e2e (id int)`, `DROP TABLE ${PLATFORM_SCHEMA}.upgrade_e2e`);
    });

    afterAll(async () => {
      if (next) await removeCheckout(next);
      // The copy is no git checkout: its builds are also tagged `unversioned`.
      await run('docker', ['image', 'rm', ...SERVICE_NAMES.filter(isBuiltHere).map((service) => `${imageName(service)}:unversioned`)], {
        cwd: workspaceRoot,
      });
    });

    it('leaves the running services, the schema and the data as they were when a migration fails', async () => {
      await addMigration(next, broken, 'SELECT 1 / 0', 'SELECT 1');
      const api = await container('api');

      const up = await upNext();

      expect(up.ok).toBe(false);
      expect(up.output).toContain('division by zero');
      expect(up.output).toContain('None of its migrations were applied and the running services were left as they were.');
      expect(await container('api')).toBe(api);
      // The good migration before the broken one was rolled back with it.
      expect(await sql(`SELECT count(*) FROM pg_tables WHERE tablename = 'upgrade_e2e'`)).toBe('0');
      expect(await sql(`SELECT count(*) FROM ${PLATFORM_SCHEMA}.users WHERE email = 'owner@example.org'`)).toBe('1');
      expect(backups()).toHaveLength(1);
      await removeMigration(next, broken);
    });

    it('backs up, applies the new migration, replaces only the api, keeps the data, and says so', async () => {
      const web = await container('web');

      const up = await upNext();

      expect(up.ok, up.output).toBe(true);
      const summary = `db: unchanged · api: restarted \\(new image\\) · web: unchanged · migrations: 1 applied · backup: backups/${DEFAULT_DATABASE.name}-\\d{8}-\\d{6}\\.dump`;
      expect(up.output).toMatch(new RegExp(summary));
      expect(await container('web')).toBe(web);
      expect(await sql(`SELECT count(*) FROM pg_tables WHERE tablename = 'upgrade_e2e'`)).toBe('1');
      expect(await sql(`SELECT version FROM ${PLATFORM_SCHEMA}.seaql_migrations WHERE version = '${added}'`)).toBe(added);
      expect(await sql(`SELECT count(*) FROM ${PLATFORM_SCHEMA}.users WHERE email = 'owner@example.org'`)).toBe('1');
      expect(backups()).toHaveLength(2);
      expect((await httpsGet(`${origin}/login`, await edgeCertificate())).status).toBe(200);
    });
  });
});

/** The names of a Compose project's objects of one kind (`volume`, `network`...). */
async function projectObjects(kind: string, project: string): Promise<string[]> {
  const { stdout } = await run('docker', [kind, 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`], { cwd: workspaceRoot });
  return stdout.split('\n').filter(Boolean);
}
