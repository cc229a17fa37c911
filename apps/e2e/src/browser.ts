import { workspaceRoot } from '@nx/devkit';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTemporaryPlatform, type TemporaryPlatform } from '@coaching/stack';

/** Debian's Chromium; no browser is ever downloaded. */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
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

/** A temporary platform and a browser for the specs of one `describe`, started before and stopped after them. */
export function platformWithBrowser(): { platform: TemporaryPlatform; browser: Browser } {
  const fixture = {} as { platform: TemporaryPlatform; browser: Browser };
  beforeAll(async () => {
    fixture.platform = await startTemporaryPlatform(workspaceRoot);
    fixture.browser = await launchBrowser();
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.platform?.stop();
  });
  return fixture;
}

export async function logIn(page: Page, baseUrl: string, email: string, password = 'password'): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${baseUrl}/`);
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

/** From the dashboard, opens the first session with `person` (as listed: "with Jamie Rivera"). */
export async function openSessionWith(page: Page, person: string): Promise<void> {
  await page.locator('li', { hasText: `with ${person}` }).getByRole('link').first().click();
  await page.waitForURL(/\/sessions\/[0-9a-f-]+$/);
}
