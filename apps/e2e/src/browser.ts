import { workspaceRoot } from '@nx/devkit';
import { chromium, type Browser, type Page } from 'playwright-core';
import { localDatabaseUrl } from '@coaching/platform-model';
import { run } from '@coaching/process';
import { releaseBinaries } from '@coaching/runtime';
import type { TemporaryPlatform } from '@coaching/testing';
import { chromiumPath } from '@coaching/tool-cache';

export function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium found: install it (docs/setup.md#checking-your-setup-the-tests) or set CHROMIUM_PATH');
  return chromium.launch({
    executablePath,
    // No sandbox as root in CI; no background traffic to Google on a machine without the internet.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function logIn(page: Page, baseUrl: string, email: string, password = 'password'): Promise<void> {
  await submitLogIn(page, baseUrl, email, password);
  await page.waitForURL(`${baseUrl}/`);
}

/** Fills in and sends the login form; the caller waits for the answer it expects. */
export async function submitLogIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/**
 * `api admin create` on the temporary platform's database, as an operator runs it on a new installation; returns
 * the one-time link it prints, where the person chooses their password.
 */
export async function adminCreateLink(platform: TemporaryPlatform, person: { email: string; name: string; superAdmin?: boolean }): Promise<string> {
  const args = ['admin', 'create', '--email', person.email, '--name', person.name, ...(person.superAdmin ? ['--super-admin'] : [])];
  const { stdout } = await run(releaseBinaries(workspaceRoot).api, args, {
    cwd: workspaceRoot,
    env: { DATABASE_URL: localDatabaseUrl(platform.settings, 'migrator'), PUBLIC_WEB_ORIGIN: platform.webUrl },
  });
  const link = stdout.split('\n').find((line) => line.startsWith(`${platform.webUrl}/account/password/`));
  if (link === undefined) throw new Error(`\`api admin create\` printed no password link:\n${stdout}`);
  return link;
}

/** On a one-time password link (first password or reset): chooses `password`, and lands on the login page. */
export async function choosePassword(page: Page, link: string, password: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('The same password again').fill(password);
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.waitForURL(/\/login$/);
}

/** On an invitation link for a new account: chooses a name and a password, and lands on the login page. */
export async function joinByInvitation(page: Page, link: string, person: { firstName: string; lastName: string; password: string }): Promise<void> {
  await page.goto(link);
  await page.getByLabel('First name').fill(person.firstName);
  await page.getByLabel('Last name').fill(person.lastName);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByLabel('The same password again').fill(person.password);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.waitForURL(/\/login$/);
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Log out/ }).click();
  await page.waitForURL(/\/login$/);
}

/** As the demo coach, the session with Jamie Rivera: the page the platform tests write their notes on. */
export async function coachSessionPage(browser: Browser, baseUrl: string): Promise<Page> {
  const page = await browser.newPage();
  await logIn(page, baseUrl, 'coach@example.com');
  await openSessionWith(page, 'Jamie Rivera');
  return page;
}

/** Adds a note on an open session page; returns what the page then says (`Note added.`). */
export async function addNote(page: Page, text: string): Promise<string | null> {
  await page.getByLabel('New note').fill(text);
  await page.getByRole('button', { name: 'Add note' }).click();
  return page.getByRole('status').textContent();
}

/** The notes a session page shows. */
export function shownNotes(page: Page): Promise<string | null> {
  return page.locator('#notes').textContent();
}

/** The notes of the demo coach's session page, read in a page of its own. */
export async function coachSessionNotes(browser: Browser, baseUrl: string): Promise<string | null> {
  const page = await coachSessionPage(browser, baseUrl);
  try {
    return await shownNotes(page);
  } finally {
    await page.close();
  }
}

/** From the dashboard, opens the first upcoming session with `person` (as listed: "with Jamie Rivera"). */
export async function openSessionWith(page: Page, person: string): Promise<void> {
  await page
    .locator('#upcoming li', { hasText: `with ${person}` })
    .getByRole('link')
    .first()
    .click();
  await page.waitForURL(/\/sessions\/[0-9a-f-]+$/);
}
