import { workspaceRoot } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { localDatabaseUrl, releaseBinaries, run } from '@coaching/stack';
import { logIn, platformWithBrowser } from './browser';

const PASSWORD = 'violet kettle orbits quietly 1984';

describe('the first admin of a new installation', () => {
  const fixture = platformWithBrowser();

  it('gets a one-time link from `api admin create`, chooses a password in the browser and logs in', async () => {
    const { stdout } = await run(
      releaseBinaries(workspaceRoot).api,
      ['admin', 'create', '--email', 'grace@example.com', '--name', 'Grace Hopper', '--super-admin'],
      { cwd: workspaceRoot, env: { DATABASE_URL: localDatabaseUrl(fixture.platform.settings, 'migrator'), PUBLIC_WEB_ORIGIN: fixture.platform.webUrl } },
    );
    const link = stdout.split('\n').find((line) => line.startsWith(`${fixture.platform.webUrl}/account/password/`));
    expect(link, stdout).toBeDefined();

    const page = await fixture.browser.newPage();
    await page.goto(link!);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Choose your password');
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('The same password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL(/\/login$/);
    expect(await page.getByRole('status').textContent()).toBe('Your password is set. Log in with it.');

    await logIn(page, fixture.platform.webUrl, 'grace@example.com', PASSWORD);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Grace');

    const replay = await page.goto(link!);
    expect(replay?.status()).toBe(410);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Link no longer valid');
    await page.close();
  });
});
