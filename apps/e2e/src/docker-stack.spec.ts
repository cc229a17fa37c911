import type { Browser, Page } from 'playwright-core';
import { workspaceRoot } from '@nx/devkit';
import { run } from '@coaching/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn, openSessionWith } from './browser';
import { freePorts, nx } from './nx';

/**
 * The Compose stack through Nx, on the real engine: its own project name and free ports, so it never meets a
 * developer's stack. The images come from the docker-build targets this test target depends on.
 */
describe('the platform in containers', () => {
  let browser: Browser;
  let env: Record<string, string>;
  let webUrl: string;
  const note = `Note kept across restarts ${Date.now()}`;

  beforeAll(async () => {
    env = { ...(await freePorts()), COMPOSE_PROJECT_NAME: `coaching_e2e_${process.pid}` };
    webUrl = `http://127.0.0.1:${env.WEB_PORT}`;
    browser = await launchBrowser();
    await nx(['run', 'platform:down', '--runtime=docker', '--volumes', '--yes'], env);
  });

  afterAll(async () => {
    await browser?.close();
    await nx(['run', 'platform:down', '--runtime=docker', '--volumes', '--yes'], env);
  });

  async function sessionPage(): Promise<Page> {
    const page = await browser.newPage();
    await logIn(page, webUrl, 'coach@example.com');
    await openSessionWith(page, 'Jamie Rivera');
    return page;
  }

  it('builds an image from any directory, labelled with the revision it comes from', async () => {
    const build = await nx(['run', 'db:docker-build'], {}, 'apps/api');
    expect(build.ok, build.output).toBe(true);
    const inspect = async (format: string) =>
      (await run('docker', ['image', 'inspect', 'db:local', '--format', format], { cwd: workspaceRoot })).stdout.trim();
    const revision = await inspect('{{index .Config.Labels "org.opencontainers.image.revision"}}');
    expect(revision).toMatch(/^[0-9a-f]{12}(-dirty)?$/);
    expect(await inspect('{{json .RepoTags}}')).toContain(`db:${revision}`);
  });

  it('starts from a clean state, and the demo coach logs in and adds a note', async () => {
    const up = await nx(['run', 'platform:up', '--runtime=docker', '--no-build'], env);
    expect(up.ok, up.output).toBe(true);
    expect(up.output).toMatch(/web\s+running\s+ready/);

    const page = await sessionPage();
    await page.getByLabel('New note').fill(note);
    await page.getByRole('button', { name: 'Add note' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Note added.');
    await page.close();
  });

  it('keeps the note when the stack goes down and up again', async () => {
    expect((await nx(['run', 'platform:down', '--runtime=docker'], env)).ok).toBe(true);
    const up = await nx(['run', 'platform:up', '--runtime=docker', '--no-build'], env);
    expect(up.ok, up.output).toBe(true);

    const page = await sessionPage();
    expect(await page.locator('#notes').textContent()).toContain(note);
    await page.close();
  });

  it('refuses to delete data without --yes, and deletes it with it', async () => {
    const refused = await nx(['run', 'platform:down', '--runtime=docker', '--volumes'], env);
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('--yes');

    const down = await nx(['run', 'platform:down', '--runtime=docker', '--volumes', '--yes'], env);
    expect(down.ok, down.output).toBe(true);
    const up = await nx(['run', 'platform:up', '--runtime=docker', '--no-build'], env);
    expect(up.ok, up.output).toBe(true);
    const page = await sessionPage();
    expect(await page.locator('#notes').textContent()).not.toContain(note);
    await page.close();
  });

  it('keeps the api down and fails when a migration fails', async () => {
    await nx(['run', 'platform:down', '--runtime=docker', '--volumes', '--yes'], env);
    const db = await nx(['run', 'platform:up', '--runtime=docker', '--no-build', '--services=db'], env);
    expect(db.ok, db.output).toBe(true);
    // A table in the way of the first migration, as a hand-made change would be.
    const sabotage = await nx(['run', 'platform:psql', '--runtime=docker', '--command=CREATE TABLE organizations (id int)'], env);
    expect(sabotage.ok, sabotage.output).toBe(true);

    const up = await nx(['run', 'platform:up', '--runtime=docker', '--no-build'], env);
    expect(up.ok).toBe(false);
    expect(up.output).toContain('migrate');
    const status = await nx(['run', 'platform:status', '--runtime=docker'], env);
    expect(status.output).toMatch(/api\s+stopped/);
    expect(status.output).toContain('migrate failed (exit code 1)');
  });
});
