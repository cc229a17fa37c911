import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { workspaceRoot } from '@nx/devkit';
import { EDGE, freePort, freePorts, publicWebOrigin, run, SECRET_FILES } from '@coaching/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choosePassword, launchBrowser, logIn } from './browser';
import { nx, platformTargets, settingsWith } from './nx';

/** Where Caddy keeps the root certificate of its own CA (TLS_MODE=internal), inside the edge container. */
const CADDY_ROOT_CERTIFICATE = '/data/caddy/pki/authorities/local/root.crt';

/** A GET over HTTPS that trusts only `ca`: the status and the headers. */
function httpsGet(url: string, ca: string | undefined): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { ca, timeout: 10_000 }, (response) => {
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
  const platform = platformTargets('docker', () => env);

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
    };
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

  it("redirects HTTP to HTTPS, and serves HTTPS with the stack's CA and HSTS", async () => {
    const http = await fetch(`http://localhost:${env[EDGE.ports.http.variable]}/login`, { redirect: 'manual' });
    expect(http.status).toBe(308);
    expect(http.headers.get('location')).toMatch(/^https:\/\/localhost(:\d+)?\/login$/);

    const ca = (await run('docker', ['exec', `${project}-edge-1`, 'cat', CADDY_ROOT_CERTIFICATE], { cwd: workspaceRoot })).stdout;
    expect(ca).toContain('BEGIN CERTIFICATE');
    const https = await httpsGet(`${origin}/login`, ca);
    expect(https.status).toBe(200);
    expect(https.headers['strict-transport-security']).toBe('max-age=31536000');
    // The trust is real: without the stack's CA the certificate is refused.
    await expect(httpsGet(`${origin}/login`, undefined)).rejects.toThrow(/certificate/i);
    // Metrics stay inside the stack.
    expect((await httpsGet(`${origin}/metrics`, ca)).status).toBe(404);
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

  it('starts the edge again when only it has stopped: production is not up without it', async () => {
    await run('docker', ['stop', `${project}-edge-1`], { cwd: workspaceRoot });
    const up = await platform('up', '--no-build');
    expect(up.ok, up.output).toBe(true);
    expect(up.output).not.toContain('Already running');
    expect((await fetch(`http://localhost:${env[EDGE.ports.http.variable]}/`, { redirect: 'manual' })).status).toBe(308);
  });
});

/** The names of a Compose project's objects of one kind (`volume`, `network`...). */
async function projectObjects(kind: string, project: string): Promise<string[]> {
  const { stdout } = await run('docker', [kind, 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`], { cwd: workspaceRoot });
  return stdout.split('\n').filter(Boolean);
}
