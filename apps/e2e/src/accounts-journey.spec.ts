import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminCreateLink, choosePassword, joinByInvitation, logIn, openSessionWith, submitLogIn } from './browser';
import { platformWithBrowser } from './fixture';
import { Mailbox } from '@coaching/testing';

const ORGANIZATION = 'Harbor Coaching';
/** Fixed: no name anybody chose goes into a subject (apps/api/src/mail/letters.rs). */
const INVITATION_SUBJECT = 'Invitation to an organization on the coaching platform';
const superAdmin = { email: 'grace@example.org', name: 'Grace Hopper', password: 'violet kettle orbits quietly 1984' };
const orgAdmin = { email: 'olivia@example.org', firstName: 'Olivia', lastName: 'Stone', password: 'copper lantern drifts north 2031' };
const coach = { email: 'sam@example.org', firstName: 'Sam', lastName: 'Okafor', password: 'maple harbor listens twice 77' };
const coachee = { email: 'robin@example.org', firstName: 'Robin', lastName: 'Vale', password: 'quiet orchard spins blue 4096' };
const coacheeNewPassword = 'granite meadow hums softly 512';

/**
 * A real organization from an empty platform, all in the browser and through the mail catcher: the first super
 * admin (from `api admin create`), an organization and its invited admin, a coach and a coachee invited and paired,
 * a session, and a forgotten password. The steps share the people they create, in order.
 */
describe('accounts of a new organization, from the first admin to a forgotten password', () => {
  const fixture = platformWithBrowser();
  const webUrl = () => fixture.platform.webUrl;
  // One mailbox for every step: it remembers which mails it handed out, so a person's second mail comes next.
  let mailbox: Mailbox;
  let sessionUrl: string;
  beforeAll(() => {
    mailbox = new Mailbox(fixture.platform.mailUrl);
  });

  /** The link of the next mail to `address`, checking its subject. */
  async function mailedLink(address: string, subject: string): Promise<string> {
    const mail = await mailbox.messageTo(address);
    expect(mail.subject).toBe(subject);
    expect(mail.links).toHaveLength(1);
    return mail.links[0]!;
  }

  /** As the signed-in admin on the members page: invites `email` as a member, by mail. */
  async function invite(page: Page, email: string): Promise<void> {
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Invite' }).click();
    expect(await page.locator('#invitation-emailed').textContent()).toContain(`Invitation emailed to ${email}`);
    await page.getByRole('link', { name: '← Members' }).click();
  }

  it('the first admin gets a one-time link from `api admin create`, chooses a password and logs in', async () => {
    const link = await adminCreateLink(fixture.platform, { ...superAdmin, superAdmin: true });
    const page = await fixture.browser.newPage();
    await page.goto(link);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Choose your password');
    await choosePassword(page, link, superAdmin.password);
    expect(await page.getByRole('status').textContent()).toBe('Your password is set. Log in with it.');

    await logIn(page, webUrl(), superAdmin.email, superAdmin.password);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Grace');

    const replay = await page.goto(link);
    expect(replay?.status()).toBe(410);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Link no longer valid');
    await page.close();
  });

  it('the super admin creates an organization; its first admin joins through the mailed invitation', async () => {
    const page = await fixture.browser.newPage();
    await logIn(page, webUrl(), superAdmin.email, superAdmin.password);
    await page.getByRole('link', { name: 'Organizations', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill(ORGANIZATION);
    await page.getByLabel("First admin's email").fill(orgAdmin.email);
    await page.getByRole('button', { name: 'Create organization and invite its admin' }).click();
    expect(await page.locator('#invitation-emailed').textContent()).toContain(`Invitation emailed to ${orgAdmin.email}`);
    await page.close();

    const invitation = await mailedLink(orgAdmin.email, INVITATION_SUBJECT);
    const joining = await fixture.browser.newPage();
    await joinByInvitation(joining, invitation, orgAdmin);
    expect(await joining.getByRole('status').textContent()).toContain('log in with the password you chose');
    await joining.close();
  });

  it('the organization admin invites a coach and a coachee, who join by mail, and pairs them', async () => {
    const admin = await fixture.browser.newPage();
    await logIn(admin, webUrl(), orgAdmin.email, orgAdmin.password);
    await admin.getByRole('link', { name: `Members of ${ORGANIZATION}` }).click();
    await invite(admin, coach.email);
    await invite(admin, coachee.email);

    for (const person of [coach, coachee]) {
      const page = await fixture.browser.newPage();
      await joinByInvitation(page, await mailedLink(person.email, INVITATION_SUBJECT), person);
      await page.close();
    }

    await admin.getByRole('link', { name: 'Pairings', exact: true }).click();
    await admin.getByLabel('Coach', { exact: true }).selectOption({ label: `Sam Okafor (${coach.email})` });
    await admin.getByLabel('Coachee', { exact: true }).selectOption({ label: `Robin Vale (${coachee.email})` });
    await admin.getByRole('button', { name: 'Pair', exact: true }).click();
    expect(await admin.getByRole('status').textContent()).toBe('Paired.');
    const pairing = admin.locator('tbody tr', { hasText: 'Sam Okafor' });
    expect(await pairing.textContent()).toContain('Robin Vale');
    await admin.close();
  });

  it('the coach schedules a session with the coachee', async () => {
    const page = await fixture.browser.newPage();
    await logIn(page, webUrl(), coach.email, coach.password);
    await page.getByLabel('With', { exact: true }).selectOption({ label: `Robin Vale (${ORGANIZATION})` });
    await page.getByLabel('Date').fill('2030-03-04');
    await page.getByLabel(/^Time/).fill('10:00');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]+$/);
    expect(await page.getByRole('status').textContent()).toBe('Session scheduled.');
    sessionUrl = page.url();
    await page.close();
    // The coachee hears of it, in their time zone (the mail is read here, before the next one).
    const scheduled = await mailbox.messageTo(coachee.email);
    expect(scheduled.subject).toBe('Session scheduled for Monday 4 March');
  });

  it('the coachee resets a forgotten password by mail, which ends their other logins, and sees the session', async () => {
    const elsewhere = await fixture.browser.newPage();
    await logIn(elsewhere, webUrl(), coachee.email, coachee.password);

    const page = await fixture.browser.newPage();
    await page.goto(`${webUrl()}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(coachee.email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    expect(await page.getByRole('status').textContent()).toBe('If an account exists for that email, a link is on its way.');
    await choosePassword(page, await mailedLink(coachee.email, 'Choose a new password for the coaching platform'), coacheeNewPassword);

    await logIn(page, webUrl(), coachee.email, coacheeNewPassword);
    await openSessionWith(page, 'Sam Okafor');
    expect(page.url()).toBe(sessionUrl);

    await elsewhere.reload();
    expect(elsewhere.url()).toMatch(/\/login(\?|$)/);
    await submitLogIn(elsewhere, webUrl(), coachee.email, coachee.password);
    expect(await elsewhere.getByRole('alert').textContent()).toBe('Email or password is wrong.');
    await Promise.all([page.close(), elsewhere.close()]);
  });
});
