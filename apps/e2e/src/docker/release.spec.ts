/**
 * Issue 24: a published release, installed and upgraded on a server without a compiler. A local OCI registry stands
 * for ghcr.io and a bare git repository for GitHub; the developers' side cuts releases with `nx release` and
 * publishes them with `nx release publish`; the server follows docs/production.md with make, on a PATH that has no
 * cargo and no go.
 */
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { workspaceRoot } from '@nx/devkit';
import { ARTIFACT_TYPES, RELEASE_IMAGES, type ReleaseRecord } from '@coaching/deployment';
import { EDGE, PLATFORM_SCHEMA } from '@coaching/platform-model';
import { consoleReporter, run, startDetached } from '@coaching/process';
import { freePort, freePorts, waitUntilAnswered } from '@coaching/runtime';
import { mailpit, ociTool } from '@coaching/tool-cache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choosePassword, launchBrowser, logIn } from '../browser';
import { Mailbox } from '@coaching/testing';
import { installUnits, SERVICE_USER, startSystemdMachine, unitState, type SystemdMachine } from './systemd/machine';
import { addMigration, removeCheckout } from './checkout';
import {
  cutRelease,
  developerWorkspace,
  git,
  make,
  mirrorBaseImages,
  npx,
  operatorKey,
  pathWithoutCompilers,
  serverCheckout,
  startOffsiteStore,
  startRegistry,
  type LocalRegistry,
} from './release';

const FIRST_NOTE = 'Coaches find their sessions where they left them (the first test release).';
const SECOND_NOTE = 'Sessions keep a short summary (the second test release, with one migration).';
const MIGRATION = 'm20261206_900000_release_test_summary';
/** Cutting and publishing a release builds the images: minutes on two cores. */
const PUBLISHING = 20 * 60_000;
const ADMIN = { email: 'owner@example.org', name: 'Odile Owner', password: 'copper lantern drifts north 417' };

describe('a published release, installed and upgraded on a server without a compiler', () => {
  const folder = mkdtempSync(join(tmpdir(), 'release-e2e-'));
  const project = `coaching_release_e2e_${process.pid}`;
  let registry: LocalRegistry;
  let publishTo: { registry: string; mirror: string };
  let workspace: string;
  let origin: string;
  let server: string;
  let browser: Browser;
  let webOrigin: string;
  const env: Record<string, string> = {};
  /** The replacement server of the disaster recovery, and its own ports and project. */
  const replacementEnv: Record<string, string> = {};
  let replacement: string | undefined;
  let offsiteStore: { url: string; stop(): void } | undefined;
  let machine: SystemdMachine | undefined;
  let mailCatcher: number | undefined;
  const sql = async (statement: string, stack = project) =>
    (
      await run('docker', ['exec', `${stack}-db-1`, 'psql', '-XAt', '-U', 'postgres', '-d', 'refactor_platform', '-c', statement], {
        cwd: workspaceRoot,
      })
    ).stdout.trim();
  const record = async (version: string) =>
    JSON.parse((await run('cat', [join(server, '.releases', `${version}.json`)], { cwd: server })).stdout) as ReleaseRecord;

  beforeAll(async () => {
    registry = await startRegistry(folder);
    publishTo = { registry: `${registry.address}/coaching`, mirror: `${registry.address}/mirror` };
    await mirrorBaseImages(publishTo.mirror);
    ({ workspace, origin } = await developerWorkspace(folder));
    const edgeHttps = await freePort();
    Object.assign(env, {
      ...(await freePorts()),
      [EDGE.ports.http.variable]: String(await freePort()),
      [EDGE.ports.https.variable]: String(edgeHttps),
      COMPOSE_PROJECT_NAME: project,
    });
    webOrigin = `https://localhost:${edgeHttps}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await machine?.remove();
    if (mailCatcher) process.kill(mailCatcher);
    for (const [checkout, stackEnv] of [
      [server, env],
      [replacement, replacementEnv],
    ] as const) {
      if (!checkout) continue;
      await make(checkout, stackEnv, 'down');
      const volumes = (
        await run('docker', ['volume', 'ls', '--quiet', '--filter', `label=com.docker.compose.project=${stackEnv.COMPOSE_PROJECT_NAME}`], {
          cwd: workspaceRoot,
        })
      ).stdout
        .split('\n')
        .filter(Boolean);
      if (volumes.length > 0) await run('docker', ['volume', 'rm', ...volumes], { cwd: workspaceRoot });
    }
    offsiteStore?.stop();
    const pulled = (
      await run('docker', ['image', 'ls', '--format', '{{.Repository}}@{{.Digest}}', `${registry.address}/*/*`], { cwd: workspaceRoot })
    ).stdout
      .split('\n')
      .filter(Boolean);
    if (pulled.length > 0) await run('docker', ['image', 'rm', '--force', ...pulled], { cwd: workspaceRoot }).catch(() => undefined);
    registry?.stop();
    if (workspace) await removeCheckout(workspace);
    rmSync(folder, { recursive: true, force: true });
  });

  it(
    'publishes 0.0.0-test.1 with nx release: version, changelog, tag, images, chart and record',
    async () => {
      const output = await cutRelease(workspace, FIRST_NOTE, publishTo);
      expect(output).toContain(`Published release 0.0.0-test.1: ${publishTo.registry}/coaching-platform-release:0.0.0-test.1`);
      expect((await git(workspace, 'tag', '--list')).stdout.split('\n')).toContain('v0.0.0-test.1');
    },
    PUBLISHING,
  );

  it(
    'installs 0.0.0-test.1 as docs/production.md says, on a PATH without cargo or go, pulling the images by digest',
    async () => {
      const compilers = await run('sh', ['-c', 'command -v cargo || command -v go || echo none'], {
        cwd: folder,
        env: { PATH: pathWithoutCompilers() },
      });
      expect(compilers.stdout.trim()).toBe('none');

      server = await serverCheckout(origin, folder, '0.0.0-test.1');
      writeFileSync(
        join(server, '.env'),
        ['RUNTIME_ENV=production', 'PUBLIC_HOST=localhost', 'TLS_MODE=internal', `RELEASE_REGISTRY=${publishTo.registry}`, ''].join('\n'),
        { mode: 0o600 },
      );
      const secrets = await make(server, env, 'secrets');
      expect(secrets.ok, secrets.output).toBe(true);
      const up = await make(server, env, 'up-production');
      expect(up.ok, up.output).toBe(true);
      expect(up.output).toContain('cargo is not on PATH');
      expect(up.output).toContain(`Open ${webOrigin}`);
      expect(up.output).not.toMatch(/Building |Compiling /);

      const installed = await record('0.0.0-test.1');
      for (const image of RELEASE_IMAGES) {
        const { stdout } = await run('docker', ['inspect', '--format', '{{.Config.Image}}', `${project}-${image}-1`], { cwd: workspaceRoot });
        expect(stdout.trim(), image).toBe(installed.images[image]);
      }
      const status = await make(server, env, 'status');
      expect(status.output).toMatch(/api\s+running\s+ready\s+0\.0\.0-test\.1/);
    },
    PUBLISHING,
  );

  it('creates the first admin, who logs in', async () => {
    const admin = await make(server, env, 'admin', `email=${ADMIN.email}`, `name=${ADMIN.name}`, 'super_admin=1');
    expect(admin.ok, admin.output).toBe(true);
    const link = admin.output.match(new RegExp(`${webOrigin}/account/password/\\S+`))?.[0];
    expect(link, admin.output).toBeDefined();
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await choosePassword(page, link!, ADMIN.password);
    await logIn(page, webOrigin, ADMIN.email, ADMIN.password);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Odile');
    await context.close();
  });

  it(
    'upgrades to 0.0.0-test.2 (one migration) with make upgrade: changelog, backup, migration, data kept',
    async () => {
      await addMigration(
        workspace,
        MIGRATION,
        `ALTER TABLE ${PLATFORM_SCHEMA}.coaching_sessions ADD COLUMN summary text;`,
        `ALTER TABLE ${PLATFORM_SCHEMA}.coaching_sessions DROP COLUMN summary;`,
      );
      const published = await cutRelease(workspace, SECOND_NOTE, publishTo);
      expect(published).toContain('Published release 0.0.0-test.2');

      const upgrade = await make(server, env, 'upgrade');
      expect(upgrade.ok, upgrade.output).toBe(true);
      expect(upgrade.output).toContain('From 0.0.0-test.1 to 0.0.0-test.2, what changed');
      expect(upgrade.output).toContain(SECOND_NOTE);
      expect(upgrade.output).not.toContain(FIRST_NOTE);
      expect(upgrade.output).toMatch(/api: restarted \(new image\).*migrations: 1 applied · backup: backups\/refactor_platform-\d{8}-\d{6}\.dump/);
      expect(upgrade.output).toContain('Now on release 0.0.0-test.2 (was 0.0.0-test.1)');

      expect(await sql(`SELECT count(*) FROM ${PLATFORM_SCHEMA}.users WHERE email = '${ADMIN.email}'`)).toBe('1');
      expect(await sql(`SELECT count(*) FROM information_schema.columns WHERE table_name = 'coaching_sessions' AND column_name = 'summary'`)).toBe(
        '1',
      );
      const status = await make(server, env, 'status');
      expect(status.output).toMatch(/api\s+running\s+ready\s+0\.0\.0-test\.2/);
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      const page = await context.newPage();
      await logIn(page, webOrigin, ADMIN.email, ADMIN.password);
      expect(await page.locator('footer').textContent()).toContain('0.0.0-test.2');
      await context.close();
    },
    PUBLISHING,
  );

  it('refuses to go back to 0.0.0-test.1 over the newer schema, and offers the backup taken before it', async () => {
    const back = await make(server, env, 'upgrade', 'version=0.0.0-test.1');
    expect(back.ok).toBe(false);
    expect(back.output).toContain(`Release 0.0.0-test.1 does not know the database's migrations ${MIGRATION}`);
    expect(back.output).toMatch(/The backup taken just before them: backups\/refactor_platform-\d{8}-\d{6}\.dump/);
    expect((await git(server, 'describe', '--tags')).stdout.trim()).toBe('v0.0.0-test.2');
  });

  it("finds each image's SBOM and provenance by its digest in the registry", async () => {
    const oras = await ociTool('oras', consoleReporter);
    for (const image of RELEASE_IMAGES) {
      const reference = (await record('0.0.0-test.2')).images[image];
      const { stdout } = await run(oras, ['discover', '--plain-http', '--format', 'json', reference], { cwd: folder });
      const referrers = (JSON.parse(stdout) as { referrers?: { artifactType: string; reference: string }[] }).referrers ?? [];
      expect(referrers.map((referrer) => referrer.artifactType).sort(), image).toEqual([ARTIFACT_TYPES.sbom, ARTIFACT_TYPES.provenance].sort());
      const sbom = referrers.find((referrer) => referrer.artifactType === ARTIFACT_TYPES.sbom)!;
      const pulled = join(folder, `sbom-${image}`);
      await run(oras, ['pull', '--plain-http', '--output', pulled, sbom.reference], { cwd: folder });
      const document = JSON.parse((await run('cat', [join(pulled, 'sbom.spdx.json')], { cwd: folder })).stdout) as {
        spdxVersion: string;
        packages: unknown[];
      };
      expect(document.spdxVersion, image).toMatch(/^SPDX-2/);
      expect(document.packages.length, image).toBeGreaterThan(0);
    }
  });

  it(
    'recovers from a lost server: an encrypted off-site backup, restored on a new one from the docs alone',
    async () => {
      // The operator's computer holds the age identity; the server gets its public key only.
      const operator = mkdtempSync(join(folder, 'operator-'));
      const { identity, recipient } = await operatorKey(operator);
      offsiteStore = await startOffsiteStore(join(folder, 'offsite-store'));
      const offsiteSettings = [`OFFSITE_REPOSITORY=${offsiteStore.url}`, `OFFSITE_RECIPIENTS=${recipient}`, ''].join('\n');
      appendFileSync(join(server, '.env'), offsiteSettings);
      const secrets = await make(server, env, 'secrets');
      expect(secrets.output).toContain('Keep a copy of');
      const backup = await make(server, env, 'backup');
      expect(backup.ok, backup.output).toBe(true);
      expect(backup.output).toMatch(/Off-site: snapshot [0-9a-f]{8} \(in a repository created now\)/);

      // What the store holds is age ciphertext: the repository password alone does not open it.
      const passwordFile = join(server, '.secrets', 'production', 'offsite_password');
      const restic = { cwd: folder, env: { RESTIC_REPOSITORY: offsiteStore.url, RESTIC_PASSWORD_FILE: passwordFile } };
      const [snapshot] = JSON.parse((await run('restic', ['--no-cache', 'snapshots', '--json', 'latest'], restic)).stdout) as { paths: string[] }[];
      const storedFile = join(folder, 'stored.age');
      await run('restic', ['--no-cache', 'dump', 'latest', snapshot.paths[0]], { ...restic, outputFile: storedFile });
      expect(readFileSync(storedFile, 'utf8').slice(0, 21)).toBe('age-encryption.org/v1');

      // A new server: the same release, a fresh database, the off-site settings and their password from safe keeping.
      const place = join(folder, 'replacement');
      mkdirSync(place);
      replacement = await serverCheckout(origin, place, '0.0.0-test.2');
      const edgeHttps = await freePort();
      Object.assign(replacementEnv, {
        ...(await freePorts()),
        [EDGE.ports.http.variable]: String(await freePort()),
        [EDGE.ports.https.variable]: String(edgeHttps),
        COMPOSE_PROJECT_NAME: `${project}_replacement`,
      });
      writeFileSync(
        join(replacement, '.env'),
        ['RUNTIME_ENV=production', 'PUBLIC_HOST=localhost', 'TLS_MODE=internal', `RELEASE_REGISTRY=${publishTo.registry}`, offsiteSettings].join(
          '\n',
        ),
        { mode: 0o600 },
      );
      mkdirSync(join(replacement, '.secrets', 'production'), { recursive: true, mode: 0o700 });
      copyFileSync(passwordFile, join(replacement, '.secrets', 'production', 'offsite_password'));
      for (const step of [['secrets'], ['up-production']]) {
        const done = await make(replacement, replacementEnv, ...step);
        expect(done.ok, done.output).toBe(true);
      }
      const restore = await npx(
        replacement,
        replacementEnv,
        'nx',
        'run',
        'db:restore',
        '--offsite',
        `--identity=${identity}`,
        '--force-production',
        '--yes',
        '--tui=false',
      );
      expect(restore.ok, restore.output).toBe(true);
      expect(restore.output).toContain('Restored refactor_platform from');

      const replacementProject = replacementEnv.COMPOSE_PROJECT_NAME;
      expect(await sql(`SELECT email FROM ${PLATFORM_SCHEMA}.users ORDER BY email`, replacementProject)).toBe(
        await sql(`SELECT email FROM ${PLATFORM_SCHEMA}.users ORDER BY email`),
      );
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      const page = await context.newPage();
      await logIn(page, `https://localhost:${edgeHttps}`, ADMIN.email, ADMIN.password);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Odile');
      await context.close();
      expect(readFileSync(join(replacement, '.env'), 'utf8')).not.toContain('AGE-SECRET-KEY');
    },
    PUBLISHING,
  );

  it(
    'runs under systemd as its service user: boot starts it, the nightly backup goes off-site, a failure is mailed',
    async () => {
      // The operator's mailbox: a real SMTP server, which SMTP_URL names (on this machine, so without TLS).
      const [smtp, ui] = [await freePort(), await freePort()];
      mailCatcher = startDetached(await mailpit(consoleReporter), ['--smtp', `127.0.0.1:${smtp}`, '--listen', `127.0.0.1:${ui}`], {
        cwd: folder,
        env: { ...process.env, MP_DISABLE_VERSION_CHECK: 'true' } as Record<string, string>,
        logFile: join(folder, 'mailpit.log'),
      });
      expect(await waitUntilAnswered(`http://127.0.0.1:${ui}/readyz`, 15_000)).toBe(true);
      appendFileSync(join(server, '.env'), `SMTP_URL=smtp://127.0.0.1:${smtp}?tls=none\nOPERATOR_EMAIL=ops@example.org\n`);
      // The test's ports and project name, as the server's own .env would hold them.
      appendFileSync(
        join(server, '.env'),
        `${Object.entries(env)
          .map(([name, value]) => `${name}=${value}`)
          .join('\n')}\n`,
      );
      const down = await make(server, env, 'down');
      expect(down.ok, down.output).toBe(true);

      machine = await startSystemdMachine(server, `${project}_systemd`);
      await installUnits(machine, server);
      await machine.reboot();
      expect(await unitState(machine, 'coaching-platform.service', 'active', 300_000)).toBe('active');
      const status = await make(server, env, 'status');
      expect(status.output).toMatch(/web\s+running\s+ready\s+0\.0\.0-test\.2/);
      expect((await machine.exec('journalctl', '--unit', 'coaching-platform.service', '--no-pager')).stdout).toContain('cargo is not on PATH');

      const snapshots = async () =>
        (
          JSON.parse(
            (
              await run('restic', ['--no-cache', 'snapshots', '--json'], {
                cwd: folder,
                env: { RESTIC_REPOSITORY: offsiteStore!.url, RESTIC_PASSWORD_FILE: join(server, '.secrets', 'production', 'offsite_password') },
              })
            ).stdout,
          ) as unknown[]
        ).length;
      const before = await snapshots();
      await machine.exec('systemctl', 'start', 'coaching-platform-backup.service');
      expect(await snapshots()).toBe(before + 1);
      const newest = readdirSync(join(server, 'backups'))
        .filter((file) => file.endsWith('.dump'))
        .sort()
        .at(-1)!;
      expect(statSync(join(server, 'backups', newest)).uid).toBe(SERVICE_USER.uid);

      // The second place refuses the server (its password no longer opens the repository): that night's backup fails,
      // and the operator hears of it. (A store that does not answer fails too, after restic's 15 minutes of retries.)
      writeFileSync(join(server, '.secrets', 'production', 'offsite_password'), 'not the repository password\n');
      await expect(machine.exec('systemctl', 'start', 'coaching-platform-backup.service')).rejects.toThrow();
      const mailbox = new Mailbox(`http://127.0.0.1:${ui}`);
      let alert: Awaited<ReturnType<Mailbox['messageTo']>> | undefined;
      for (let attempt = 0; attempt < 9 && !alert; attempt++) alert = await mailbox.messageTo('ops@example.org').catch(() => undefined);
      expect(alert?.subject).toBe('[coaching platform] coaching-platform-backup.service failed on localhost');
      expect(alert?.text).toContain('systemctl status coaching-platform-backup.service');
    },
    PUBLISHING,
  );
});
