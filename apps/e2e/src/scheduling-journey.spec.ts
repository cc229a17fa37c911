import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Mailbox } from '@coaching/testing';
import { logIn, logOut } from './browser';
import { platformWithBrowser } from './fixture';

const COACH_ZONE = 'America/New_York';
const COACHEE_ZONE = 'Europe/Berlin';
const MEETING = 'https://meet.example.com/casey-and-jamie';
const WEEK_MS = 7 * 86_400_000;

/** `at`'s parts on a wall clock in `zone`. */
function wallClock(at: Date, zone: string): Record<string, string> {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: '2-digit',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
}

/** `at` as a date field takes it, on the clock of `zone`. */
function dateIn(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** `at` as the dashboard's lists show it to someone in `zone`: "Sun 13 Dec 2026, 17:05". */
function listed(at: Date, zone: string): string {
  const parts = wallClock(at, zone);
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}`;
}

/** Opens the session the dashboard's upcoming list shows at `when`. */
async function openListed(page: Page, when: string): Promise<void> {
  await page.locator('#upcoming li').getByRole('link', { name: when, exact: true }).click();
  await page.waitForURL(/\/sessions\/[0-9a-f-]+$/);
}

async function flash(page: Page): Promise<string | null> {
  return page.getByRole('status').textContent();
}

/** The value of the iCalendar property `name` (with its parameters) in `ics`. */
function property(ics: string, name: string): string | undefined {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split(/\r\n/)
    .find((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`));
}

// The coach (New York) and the coachee Jamie Rivera (Berlin): a weekly series whose first session starts in five
// minutes, so that its Join button shows now and next week's does not yet.
describe('a weekly series reaches the coachee: mail, calendar, Join, one session moved', () => {
  const fixture = platformWithBrowser();
  let mailbox: Mailbox;
  const firstStart = new Date(Math.ceil((Date.now() + 5 * 60_000) / 60_000) * 60_000);
  const secondStart = new Date(firstStart.getTime() + WEEK_MS);
  let seriesUid: string | undefined;

  beforeAll(() => {
    mailbox = new Mailbox(fixture.platform.mailUrl);
  });

  it('the coach schedules four weekly sessions with a meeting link', async () => {
    const page = await fixture.browser.newPage();
    await logIn(page, fixture.platform.webUrl, 'coach@example.com');
    const form = page.locator('#schedule');
    const jamie = await form.locator('option', { hasText: 'Jamie Rivera' }).first().getAttribute('value');
    await form.getByLabel('With').selectOption(jamie ?? '');
    const clock = wallClock(firstStart, COACH_ZONE);
    await form.getByLabel('Date').fill(dateIn(firstStart, COACH_ZONE));
    await form.getByLabel(/^Time/).fill(`${clock.hour}:${clock.minute}`);
    await form.getByLabel('Duration in minutes').fill('30');
    await form.getByLabel('Meeting link (this session only)').fill(MEETING);
    await form.getByLabel('Repeat').selectOption({ label: 'Every week' });
    await form.getByLabel('Ends').selectOption({ label: 'After a number of sessions' });
    await form.getByLabel('Number of sessions').fill('4');
    await form.getByRole('button', { name: 'Schedule' }).click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]+$/);
    expect(await flash(page)).toContain(`4 sessions scheduled: every week on ${clock.weekday}`);
    await logOut(page);
    await page.close();
  });

  it('the coachee gets one mail whose invitation holds the whole series, at their own time', async () => {
    const mail = await mailbox.messageTo('coachee@example.com');
    expect(mail.subject).toMatch(/^Sessions scheduled from /);
    const berlin = wallClock(firstStart, COACHEE_ZONE);
    expect(mail.text).toContain(`4 sessions, every week, the first`);
    expect(mail.text).toContain(`${berlin.hour}:${berlin.minute}`);
    expect(mail.text).toContain(`(${COACHEE_ZONE})`);
    expect(mail.attachments.map((file) => file.fileName)).toEqual(['invite.ics']);
    const ics = mail.attachments[0].text;
    expect(property(ics, 'METHOD')).toBe('METHOD:REQUEST');
    expect(property(ics, 'RRULE')).toMatch(/^RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=[A-Z]{2};COUNT=4$/);
    expect(property(ics, 'DTSTART')).toContain(`TZID=${COACH_ZONE}`);
    expect(property(ics, 'LOCATION')).toBe(`LOCATION:${MEETING}`);
    seriesUid = property(ics, 'UID');
    expect(seriesUid).toMatch(/^UID:series-[0-9a-f-]+@coaching-platform$/);
  });

  it('the coachee can join the first session now, and next week only from ten minutes before', async () => {
    const page = await fixture.browser.newPage();
    await logIn(page, fixture.platform.webUrl, 'coachee@example.com');
    const join = page.locator('#what-now').getByRole('link', { name: 'Join the session' });
    expect(await join.getAttribute('href')).toBe(MEETING);

    await openListed(page, listed(secondStart, COACHEE_ZONE));
    expect(await page.getByRole('link', { name: 'Join the session' }).count()).toBe(0);
    expect(await page.getByText('Join opens 10 minutes before the start.').count()).toBe(1);
    await logOut(page);
    await page.close();
  });

  it("the coach moves next week's session alone; the coachee's update names the same calendar entry", async () => {
    const page = await fixture.browser.newPage();
    await logIn(page, fixture.platform.webUrl, 'coach@example.com');
    await openListed(page, listed(secondStart, COACH_ZONE));
    await page.getByText('Rename, move or delete this session').click();
    const later = wallClock(new Date(secondStart.getTime() + 3_600_000), COACH_ZONE);
    await page.locator('#reschedule-time').fill(`${later.hour}:${later.minute}`);
    await page.getByLabel('Apply to').selectOption({ label: 'This session only' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await flash(page)).toBe('Session saved.');
    await page.close();

    const update = await mailbox.messageTo('coachee@example.com');
    expect(update.subject).toMatch(/^Session moved to /);
    const ics = update.attachments[0].text;
    expect(property(ics, 'UID')).toBe(seriesUid);
    expect(property(ics, 'RECURRENCE-ID')).toContain(`TZID=${COACH_ZONE}`);
    expect(property(ics, 'SEQUENCE')).toBe('SEQUENCE:1');
  });
});
