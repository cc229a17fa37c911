import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceRoot } from '@nx/devkit';
import { workspaceVersion } from '@coaching/deployment';
import { localUrl, publicUrl } from '@coaching/platform-model';
import { freePorts, releaseBinaries } from '@coaching/runtime';
import { addNote, coachSessionNotes, coachSessionPage, launchBrowser } from './browser';
import { Mailbox, platformTargets, sendTestMail, settingsWith } from '@coaching/testing';
import { expectApiAsApplicationRole, expectDataRightsOnly, queryAs } from './database';

/**
 * The platform without Docker, through the same `platform:*` targets as people use: its own data folder and
 * free ports, so a developer's own platform is never touched.
 */
describe('the platform run natively', () => {
  let browser: Browser;
  let env: Record<string, string>;
  let dataDir: string;
  let webUrl: string;
  const note = `Native note ${Date.now()}`;
  const platform = platformTargets('native', () => env);
  const pid = (app: string) => (JSON.parse(readFileSync(join(dataDir, 'run', `${app}.json`), 'utf8')) as { pid: number }).pid;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'native-platform-'));
    // As root, PostgreSQL runs as another user, which must be able to enter this folder.
    chmodSync(dataDir, 0o755);
    env = { ...(await freePorts()), PLATFORM_DATA_DIR: dataDir };
    webUrl = localUrl(settingsWith(env), 'web');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await platform('down', '--volumes', '--yes');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts from a clean state, and a coach adds a note in the browser', async () => {
    const up = await platform('up', '--no-build');
    expect(up.ok, up.output).toBe(true);
    expect(up.output).toContain('Runtime: native (asked for with --runtime=native)');
    expect(up.output).toMatch(/web\s+running\s+ready/);
    expect(up.output).toContain(`Open ${publicUrl(settingsWith(env), 'web')}`);
    // Unqualified table names work for the migrator (`make psql`) on a fresh data folder, as in the docker runtime.
    expect(await queryAs(settingsWith(env), 'migrator', 'SELECT count(*) > 0 FROM users')).toBe('true');

    const page = await coachSessionPage(browser, webUrl);
    expect(await addNote(page, note)).toBe('Note added.');
    await page.close();
  });

  it('runs the mail catcher, where the api sends its mail and people read it', async () => {
    const settings = settingsWith(env);
    const status = await platform('status');
    expect(status.output).toMatch(new RegExp(`mail\\s+running\\s+ready\\s+-\\s+${publicUrl(settings, 'mail')}`));
    // The release each app runs, as its /ready says.
    expect(status.output).toMatch(new RegExp(`web\\s+running\\s+ready\\s+${workspaceVersion(workspaceRoot).replaceAll('.', '\\.')}\\s`));
    const apiEnvironment = readFileSync(`/proc/${pid('api')}/environ`, 'utf8').split('\0');
    expect(apiEnvironment).toContain(`SMTP_URL=smtp://127.0.0.1:${settings.ports.smtp}`);
    expect(apiEnvironment).toContain(`MAIL_FROM=${settings.mail.from}`);

    const mail = { from: settings.mail.from, to: 'coach@example.com', subject: 'Native mail', text: 'Open https://example.com/x now' };
    await sendTestMail(settings.ports.smtp, mail);
    const received = await new Mailbox(localUrl(settings, 'mail')).messageTo('coach@example.com');
    expect(received).toEqual({ ...mail, to: ['coach@example.com'], text: `${mail.text}\n`, links: ['https://example.com/x'], attachments: [] });
  });

  it('changes nothing when started again while running', async () => {
    const before = [pid('api'), pid('web')];
    const again = await platform('up', '--no-build');
    expect(again.ok, again.output).toBe(true);
    expect(again.output).toContain('db: unchanged · mail: unchanged · api: unchanged · web: unchanged · migrations: none pending');
    expect([pid('api'), pid('web')]).toEqual(before);
  });

  it('replaces only the app whose binary changed, and says so', async () => {
    // The next build: the same api, and a web binary that differs (a trailing byte; it runs the same), put in place as
    // a build does (a new file renamed over the old one, which the running web keeps); the built one is put back after.
    const { web } = releaseBinaries(workspaceRoot);
    const built = join(dataDir, 'web.built');
    const replace = (content: string, extra?: Buffer) => {
      copyFileSync(content, `${web}.next`);
      if (extra) appendFileSync(`${web}.next`, extra);
      renameSync(`${web}.next`, web);
    };
    copyFileSync(web, built);
    const [apiPid, webPid] = [pid('api'), pid('web')];
    replace(built, Buffer.from([0]));
    try {
      const upgrade = await platform('up', '--no-build');

      expect(upgrade.ok, upgrade.output).toBe(true);
      expect(upgrade.output).toContain('api: unchanged · web: restarted (new binary) · migrations: none pending');
      expect(pid('api')).toBe(apiPid);
      expect(pid('web')).not.toBe(webPid);
      expect((await fetch(`${webUrl}/login`)).status).toBe(200);
    } finally {
      replace(built);
    }
  });

  it('reports a crashed app in status', async () => {
    process.kill(pid('web'), 'SIGKILL');
    const status = await platform('status');
    expect(status.output).toMatch(/web\s+crashed/);
    expect(status.output).toMatch(/api\s+running\s+ready/);
  });

  it('keeps the data across down and up', async () => {
    const apiPid = pid('api');
    const down = await platform('down');
    expect(down.ok, down.output).toBe(true);
    expect(down.output).toContain('data kept');
    expect(() => process.kill(apiPid, 0)).toThrow();

    const up = await platform('up', '--no-build');
    expect(up.ok, up.output).toBe(true);
    expect(await coachSessionNotes(browser, webUrl)).toContain(note);

    // The api logs in as the application role, which has data rights only.
    await expectApiAsApplicationRole(settingsWith(env));
    await expectDataRightsOnly(settingsWith(env));
  });

  it('deletes the data only with --volumes --yes', async () => {
    expect((await platform('down', '--volumes')).ok).toBe(false);
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    const down = await platform('down', '--volumes', '--yes');
    expect(down.ok, down.output).toBe(true);
    expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
  });
});
