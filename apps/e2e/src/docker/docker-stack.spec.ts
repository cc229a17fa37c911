import { spawn } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { workspaceRoot } from '@nx/devkit';
import { workspaceVersion } from '@coaching/deployment';
import { IMAGE_LABEL, imageName, localUrl, publicUrl } from '@coaching/platform-model';
import { run } from '@coaching/process';
import { freePorts } from '@coaching/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNote, choosePassword, coachSessionNotes, coachSessionPage, launchBrowser, logIn } from '../browser';
import { expectApiAsApplicationRole, expectDataRightsOnly } from '../database';
import { Mailbox, nx, platformTargets, sendTestMail, settingsWith } from '@coaching/testing';

/**
 * The Compose stack through Nx, on the real engine: its own project name and free ports, so it never meets a
 * developer's stack. The images come from the docker-build targets this test target depends on.
 */
describe('the platform in containers', () => {
  let browser: Browser;
  let env: Record<string, string>;
  let webUrl: string;
  const note = `Note kept across restarts ${Date.now()}`;
  const platform = platformTargets('docker', () => env);

  beforeAll(async () => {
    env = { ...(await freePorts()), COMPOSE_PROJECT_NAME: `coaching_e2e_${process.pid}` };
    webUrl = localUrl(settingsWith(env), 'web');
    browser = await launchBrowser();
    await platform('down', '--volumes', '--yes');
  });

  afterAll(async () => {
    await browser?.close();
    await platform('down', '--volumes', '--yes');
  });

  it('builds an image from any directory, tagged with the revision it comes from', async () => {
    const build = await nx(['run', 'db:docker-build'], {}, 'apps/api');
    expect(build.ok, build.output).toBe(true);
    const revision = (await run('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: workspaceRoot })).stdout.trim();
    const image = imageName('db');
    const tags = (await run('docker', ['image', 'inspect', `${image}:local`, '--format', '{{json .RepoTags}}'], { cwd: workspaceRoot })).stdout;
    expect(tags).toMatch(new RegExp(`"${image}:${revision}(-dirty)?"`));
    const label = (
      await run('docker', ['image', 'ls', '--quiet', '--filter', `label=${IMAGE_LABEL.name}=${IMAGE_LABEL.value}`], { cwd: workspaceRoot })
    ).stdout;
    const id = (await run('docker', ['image', 'inspect', `${image}:local`, '--format', '{{.Id}}'], { cwd: workspaceRoot })).stdout.trim();
    expect(label, 'the uninstall (docs/setup.md) finds the image by its label').toContain(id.replace(/^sha256:/, '').slice(0, 12));
  });

  it('starts from a clean state, and the demo coach logs in and adds a note', async () => {
    const started = containerStarts(env['COMPOSE_PROJECT_NAME']!);
    const up = await platform('up', '--no-build');
    const starts = await started.stop();
    expect(up.ok, up.output).toBe(true);
    expect(up.output).toMatch(/web\s+running\s+ready/);
    // One up starts the database once and migrates once: every migration applied by one `migrate up`, and none of
    // compose's own migrate or seed containers (only the one-offs `up` runs: migrate status, migrate up, seed).
    expect(starts.filter((start) => start === 'db')).toHaveLength(1);
    expect(starts.filter((start) => start === 'migrate' || start === 'seed')).toEqual([]);
    expect(starts.filter((start) => start === 'migrate (one-off)')).toHaveLength(3);
    const applied = up.output.match(/applied m\d{8}_\d{6}_\w+ \(\d+ ms\)/g) ?? [];
    expect(applied.length, up.output).toBeGreaterThan(0);
    expect(new Set(applied).size).toBe(applied.length);
    expect(up.output).not.toContain('database is up to date');

    const page = await coachSessionPage(browser, webUrl);
    expect(await addNote(page, note)).toBe('Note added.');
    await page.close();

    // The api logs in as the application role, which has data rights only.
    await expectApiAsApplicationRole(settingsWith(env));
    await expectDataRightsOnly(settingsWith(env));
  });

  it('runs the mail catcher in development, where the api sends its mail and people read it', async () => {
    const settings = settingsWith(env);
    const status = (await platform('status')).output;
    expect(status).toMatch(/mail\s+running\s+ready\s+-\s+http:\/\/localhost:/);
    // The release each of our images is labelled with.
    expect(status).toMatch(new RegExp(`api\\s+running\\s+ready\\s+${workspaceVersion(workspaceRoot).replaceAll('.', '\\.')}\\s`));
    const apiContainer = `${env['COMPOSE_PROJECT_NAME']}-api-1`;
    const apiEnvironment = (await run('docker', ['inspect', apiContainer, '--format', '{{json .Config.Env}}'], { cwd: workspaceRoot })).stdout;
    expect(JSON.parse(apiEnvironment)).toContain('SMTP_URL=smtp://mail:1025');

    await sendTestMail(settings.ports.smtp, { from: settings.mail.from, to: 'coachee@example.com', subject: 'In a container', text: 'Hello' });
    expect((await new Mailbox(localUrl(settings, 'mail')).messageTo('coachee@example.com')).subject).toBe('In a container');
  });

  it("creates an admin with `platform:admin` (the api image), whose printed link opens on the stack's web", async () => {
    const admin = await platform('admin', '--email=operator@example.org', '--name=Olive Operator', '--no-build');
    expect(admin.ok, admin.output).toBe(true);
    const webOrigin = publicUrl(settingsWith(env), 'web');
    const link = admin.output.match(new RegExp(`${webOrigin}/account/password/\\S+`))?.[0];
    expect(link, admin.output).toBeDefined();

    const password = 'amber tractor hums sideways 808';
    const page = await browser.newPage();
    await choosePassword(page, link!, password);
    await logIn(page, webUrl, 'operator@example.org', password);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Olive');
    await page.close();
  });

  it('keeps the note when the stack goes down and up again', async () => {
    expect((await platform('down')).ok).toBe(true);
    const up = await platform('up', '--no-build');
    expect(up.ok, up.output).toBe(true);

    expect(await coachSessionNotes(browser, webUrl)).toContain(note);
  });

  it('refuses to delete data without --yes, and deletes it with it', async () => {
    const refused = await platform('down', '--volumes');
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('--yes');

    const down = await platform('down', '--volumes', '--yes');
    expect(down.ok, down.output).toBe(true);
    const up = await platform('up', '--no-build');
    expect(up.ok, up.output).toBe(true);
    expect(await coachSessionNotes(browser, webUrl)).not.toContain(note);
  });

  it('keeps the api down and fails when a migration fails', async () => {
    await platform('down', '--volumes', '--yes');
    const db = await platform('up', '--no-build', '--services=db');
    expect(db.ok, db.output).toBe(true);
    // A table in the way of the first migration, as a hand-made change would be.
    const sabotage = await platform('psql', '--command=CREATE TABLE organizations (id int)');
    expect(sabotage.ok, sabotage.output).toBe(true);

    const up = await platform('up', '--no-build');
    expect(up.ok).toBe(false);
    expect(up.output).toContain('relation "organizations" already exists');
    expect(up.output).toContain('None of its migrations were applied and the running services were left as they were.');
    const status = await platform('status');
    expect(status.output).toMatch(/api\s+stopped/);
  });
});

/**
 * The containers of compose project `project` that start until `stop()`, by service (`migrate (one-off)` for a
 * `docker compose run`), from the engine's own event stream.
 */
function containerStarts(project: string): { stop(): Promise<string[]> } {
  const events = spawn('docker', [
    'events',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--filter',
    'event=start',
    '--format',
    '{{json .Actor.Attributes}}',
  ]);
  let output = '';
  events.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    async stop() {
      // The engine streams an event as it happens: a moment for the last one to arrive.
      await new Promise((resolve) => setTimeout(resolve, 500));
      events.kill();
      return output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, string>)
        .map((labels) => `${labels['com.docker.compose.service']}${labels['com.docker.compose.oneoff'] === 'True' ? ' (one-off)' : ''}`);
    },
  };
}
