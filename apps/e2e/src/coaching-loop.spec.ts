import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { logIn, logOut } from './browser';
import { platformWithBrowser } from './fixture';

/** A date `days` from today, as a date field takes it (YYYY-MM-DD). */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** From the dashboard's upcoming sessions, opens the `nth` (from 0) with `person`; returns its address. */
async function openUpcomingWith(page: Page, person: string, nth = 0): Promise<string> {
  await page
    .locator('#upcoming li', { hasText: `with ${person}` })
    .getByRole('link')
    .nth(nth)
    .click();
  await page.waitForURL(/\/sessions\/[0-9a-f-]+$/);
  return page.url();
}

async function flash(page: Page): Promise<string | null> {
  return page.getByRole('status').textContent();
}

// The week of the demo's coach and Jamie Rivera: their sessions were a week ago (with an action still in progress)
// and are in a week and in two weeks.
describe('the weekly coaching loop in the browser', () => {
  const fixture = platformWithBrowser();
  const action = 'Draft the delegation plan';
  let sessionUrl: string;

  it('the coachee prepares two agenda topics for the next session', async () => {
    const page = await fixture.browser.newPage();
    await logIn(page, fixture.platform.webUrl, 'coachee@example.com');
    sessionUrl = await openUpcomingWith(page, 'Casey Coach');
    for (const topic of ['Delegating the weekly report', 'Feedback from the offsite']) {
      await page.getByLabel('New topic').fill(topic);
      await page.getByRole('button', { name: 'Add topic' }).click();
      expect(await flash(page)).toBe('Topic added.');
    }
    expect(await page.locator('#agenda li.topic .body').allTextContents()).toEqual(['Delegating the weekly report', 'Feedback from the offsite']);
    await logOut(page);
    await page.close();
  });

  it('the coach reviews last time, writes a note and an action, and moves what was not discussed', async () => {
    const page = await fixture.browser.newPage();
    await logIn(page, fixture.platform.webUrl, 'coach@example.com');
    // The demo's seeded ids make this session the coach's next one (the one with Riley Chen starts at the same time).
    expect(await page.locator('#what-now').textContent()).toContain('Session with Jamie Rivera');
    expect(await page.locator('#what-now').textContent()).toContain('2 topics on the agenda');
    expect(await openUpcomingWith(page, 'Jamie Rivera')).toBe(sessionUrl);

    // Last time's open action, before this session's own entries; done since.
    const review = page.locator('#review');
    const promised = review.locator('li.action', { hasText: 'Book a one-to-one with each direct report.' });
    expect(await promised.locator('.status').textContent()).toBe('In progress');
    await promised.getByLabel('Status').selectOption('completed');
    await promised.getByRole('button', { name: 'Update' }).click();
    expect(await flash(page)).toBe('Action updated.');
    expect(await page.locator('#review li.action', { hasText: 'Book a one-to-one' }).count()).toBe(0);

    await page.getByRole('button', { name: /^Mark discussed\W+Delegating the weekly report$/ }).click();
    expect(await page.locator('#agenda li.topic.discussed').textContent()).toContain('Delegating the weekly report');

    // Markdown: a list and a link, rendered on the server.
    const notes = page.locator('#notes');
    await notes.getByLabel('New note').fill('Agreed to hand over:\n\n- the weekly report\n- [the team guide](https://example.com/guide)');
    await notes.getByRole('button', { name: 'Add note' }).click();
    expect(await flash(page)).toBe('Note added.');
    expect(await page.locator('#notes li.entry ul li').allTextContents()).toEqual(['the weekly report', 'the team guide']);
    expect(await page.locator('#notes a', { hasText: 'the team guide' }).getAttribute('href')).toBe('https://example.com/guide');

    const newAction = page.locator('#actions form[action$="/actions"]');
    await newAction.getByLabel('New action').fill(action);
    await newAction.getByLabel('Due date').fill(inDays(3));
    await newAction.getByLabel('For').selectOption('coachee');
    await newAction.getByRole('button', { name: 'Add action' }).click();
    expect(await flash(page)).toBe('Action added.');
    expect(await page.locator('#actions li.action', { hasText: action }).locator('.meta').textContent()).toContain('for coachee');

    await page.getByRole('button', { name: 'Move the topics not discussed to the next session' }).click();
    expect(await flash(page)).toContain('next session');
    expect(await page.locator('#agenda li.topic .body').allTextContents()).toEqual(['Delegating the weekly report Discussed']);
    await logOut(page);
    await page.close();
  });

  it("the coachee's dashboard and Actions page show the new action as due, the moved topic on the next agenda", async () => {
    const page = await fixture.browser.newPage();
    await logIn(page, fixture.platform.webUrl, 'coachee@example.com');
    expect(await page.locator('#what-now li', { hasText: action }).textContent()).toContain('due');

    await page.getByRole('link', { name: 'Actions', exact: true }).click();
    await page.waitForURL(/\/actions/);
    expect(await page.locator('#this-week li.action', { hasText: action }).count()).toBe(1);

    // The later session of the relationship now starts with the topic that was not discussed.
    await page.goto(`${fixture.platform.webUrl}/`);
    await openUpcomingWith(page, 'Casey Coach', 1);
    expect(await page.locator('#agenda li.topic .body').allTextContents()).toEqual(['Feedback from the offsite']);
    await page.close();
  });
});
