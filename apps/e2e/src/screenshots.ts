/**
 * Regenerates the screenshots of the README, docs/tour.md and docs/first-steps.md from a fresh platform with the demo data:
 *
 *   npx nx run e2e:screenshots
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import type { Page } from 'playwright-core';
import { adminCreateLink, launchBrowser, logIn, logOut, openSessionWith } from './browser';
import { consoleReporter } from '@coaching/process';
import { startTemporaryPlatform } from '@coaching/testing';

async function main(): Promise<void> {
  const folder = join(workspaceRoot, 'docs', 'screenshots');
  await mkdir(folder, { recursive: true });
  const platform = await startTemporaryPlatform(workspaceRoot, consoleReporter);
  const browser = await launchBrowser();
  const saved: string[] = [];
  const save = async (page: Page, name: string) => {
    await page.screenshot({ path: join(folder, name), fullPage: true });
    saved.push(name);
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });

    // A new installation's first admin, on the link `api admin create` printed.
    await page.goto(await adminCreateLink(platform, { email: 'ada@example.com', name: 'Ada Lovelace', superAdmin: true }));
    await save(page, 'choose-password.png');

    await page.goto(`${platform.webUrl}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await save(page, 'forgot-password.png');

    // The demo's super admin, who also runs Acme Coaching.
    await logIn(page, platform.webUrl, 'admin@example.com');
    await page.getByRole('link', { name: 'Organizations', exact: true }).click();
    await save(page, 'organizations.png');
    await page.getByRole('link', { name: 'Members of Acme Coaching' }).first().click();
    await page.getByLabel('Email', { exact: true }).fill('riley@example.com');
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByRole('link', { name: '← Members' }).click();
    await save(page, 'members.png');
    await page.getByRole('link', { name: 'Pairings', exact: true }).click();
    await save(page, 'pairings.png');
    await logOut(page);

    // The coachee prepares the next session's agenda.
    await logIn(page, platform.webUrl, 'coachee@example.com');
    await openSessionWith(page, 'Casey Coach');
    for (const topic of ['Delegating the weekly report', 'Feedback from the offsite']) {
      await page.getByLabel('New topic').fill(topic);
      await page.getByRole('button', { name: 'Add topic' }).click();
    }
    await logOut(page);

    // The coach's week: what now, the session with its agenda and review, the Actions page, a relationship's goals.
    await logIn(page, platform.webUrl, 'coach@example.com');
    await save(page, 'dashboard.png');
    await openSessionWith(page, 'Jamie Rivera');
    await page.getByLabel('New note').fill('Agreed to hand over:\n\n- the **weekly report**\n- [the team guide](https://example.com/guide)');
    await page.getByRole('button', { name: 'Add note' }).click();
    await save(page, 'session.png');
    await page.getByRole('link', { name: 'All goals of this relationship, with their progress' }).click();
    await save(page, 'goals.png');
    await page.getByRole('link', { name: 'Actions', exact: true }).click();
    await page.getByLabel('Whose').selectOption('all');
    await page.getByRole('button', { name: 'Show' }).click();
    await save(page, 'actions.png');
    await page.getByRole('link', { name: 'Account' }).click();
    await save(page, 'account.png');
    console.log(`Saved ${saved.join(', ')} in ${folder}`);
  } finally {
    await browser.close();
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
