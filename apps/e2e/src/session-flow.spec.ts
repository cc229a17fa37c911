import { describe, expect, it } from 'vitest';
import { addNote, logIn, logOut, openSessionWith, shownNotes } from './browser';
import { platformWithBrowser } from './fixture';

describe('a coaching session in the browser', () => {
  const fixture = platformWithBrowser();
  let sessionUrl: string;

  it('the coach adds a note and an action, completes the action and logs out', async () => {
    const page = await fixture.browser.newPage();
    await logIn(page, fixture.platform.webUrl, 'coach@example.com');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Casey');

    await openSessionWith(page, 'Jamie Rivera');
    sessionUrl = page.url();

    expect(await addNote(page, 'Jamie wants to practise saying no.')).toBe('Note added.');

    const newAction = page.locator('#actions form[action$="/actions"]');
    await newAction.getByLabel('New action').fill('Decline one meeting this week');
    await newAction.getByLabel('Due date').fill('2030-02-01');
    await newAction.getByRole('button', { name: 'Add action' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Action added.');

    const action = page.locator('li.action', { hasText: 'Decline one meeting this week' });
    await action.getByLabel('Status').selectOption('completed');
    await action.getByRole('button', { name: 'Update' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Action updated.');
    expect(await page.locator('li.action', { hasText: 'Decline one meeting this week' }).getAttribute('data-status')).toBe('completed');

    await logOut(page);
    await page.close();
  });

  it('the coachee logs in and sees what the coach wrote', async () => {
    const page = await fixture.browser.newPage();
    await logIn(page, fixture.platform.webUrl, 'coachee@example.com');
    await page.goto(sessionUrl);
    expect(await shownNotes(page)).toContain('Jamie wants to practise saying no.');
    const action = page.locator('li.action', { hasText: 'Decline one meeting this week' });
    expect(await action.locator('.status').textContent()).toBe('Completed');
    await page.close();
  });

  it('an outsider gets "not found" for that session', async () => {
    const page = await fixture.browser.newPage();
    await logIn(page, fixture.platform.webUrl, 'coachee3@example.com');
    const response = await page.goto(sessionUrl);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found');
    expect(await page.content()).not.toContain('Jamie wants to practise saying no.');
    await page.close();
  });

  it('a form posted without its CSRF token is refused', async () => {
    const page = await fixture.browser.newPage();
    await logIn(page, fixture.platform.webUrl, 'coach@example.com');
    await page.goto(sessionUrl);
    // Strip the token from the real form, as a forged cross-site post would lack it.
    await page
      .locator('form[action$="/notes"]')
      .last()
      .evaluate((form) => form.querySelector('[name=csrf_token]')?.remove());
    await page.getByLabel('New note').fill('forged');
    const [response] = await Promise.all([
      page.waitForResponse((reply) => reply.request().method() === 'POST'),
      page.getByRole('button', { name: 'Add note' }).click(),
    ]);
    expect(response.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Form expired');
    await page.goto(sessionUrl);
    expect(await shownNotes(page)).not.toContain('forged');
    await page.close();
  });
});
