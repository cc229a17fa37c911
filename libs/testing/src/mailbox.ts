import { workspaceRoot } from '@nx/devkit';
import { consoleReporter, run } from '@coaching/process';
import { mailpit } from '@coaching/tool-cache';

/** One message as the mail catcher (Mailpit) received it. */
export interface Mail {
  subject: string;
  /** The plain-text body. */
  text: string;
  /** The sender as MAIL_FROM writes it: `Name <address>`, or the bare address. */
  from: string;
  /** The recipients' addresses. */
  to: string[];
  /** The http(s) links of the plain-text body, in order. */
  links: string[];
  /** The attached files (calendar invitations), in order, as text. */
  attachments: { fileName: string; text: string }[];
}

interface MailpitAddress {
  Name: string;
  Address: string;
}

/** How long `messageTo` waits for a message to arrive. */
const DELIVERY_WAIT_MS = 10_000;

/**
 * The mail the platform sent, read through the mail catcher's HTTP API (`http://127.0.0.1:<MAIL_UI_PORT>`:
 * `localUrl(settings, 'mail')`, or a temporary platform's `mailUrl`). Each `messageTo` hands out the next message to
 * that address it has not handed out yet, so a test reads a second mail to the same person after the first.
 */
export class Mailbox {
  private readonly handedOut = new Set<string>();

  constructor(private readonly url: string) {}

  /** The next message to `address` (oldest first), waiting up to 10 s for it; fails when none arrives. */
  async messageTo(address: string): Promise<Mail> {
    const deadline = Date.now() + DELIVERY_WAIT_MS;
    for (;;) {
      const id = (await this.idsTo(address)).find((candidate) => !this.handedOut.has(candidate));
      if (id !== undefined) {
        this.handedOut.add(id);
        return this.message(id);
      }
      if (Date.now() > deadline) throw new Error(`no new message to ${address} within ${DELIVERY_WAIT_MS / 1000} s (${this.url})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Every message to `address` so far, oldest first, without waiting: to check that none was sent. */
  async messagesTo(address: string): Promise<Mail[]> {
    return Promise.all((await this.idsTo(address)).map((id) => this.message(id)));
  }

  /** Ids of the messages to exactly `address` (Mailpit's `to:` search matches substrings), oldest first. */
  private async idsTo(address: string): Promise<string[]> {
    const found = await this.get<{ messages: { ID: string; To: MailpitAddress[] | null }[] }>(
      `/api/v1/search?query=${encodeURIComponent(`to:"${address}"`)}`,
    );
    return found.messages
      .filter((message) => (message.To ?? []).some((to) => to.Address.toLowerCase() === address.toLowerCase()))
      .map((message) => message.ID)
      .reverse();
  }

  private async message(id: string): Promise<Mail> {
    const message = await this.get<{
      Subject: string;
      Text: string;
      From: MailpitAddress;
      To: MailpitAddress[] | null;
      Attachments: { PartID: string; FileName: string }[];
    }>(`/api/v1/message/${encodeURIComponent(id)}`);
    const attachments = await Promise.all(
      message.Attachments.map(async (part) => ({
        fileName: part.FileName,
        text: await this.text(`/api/v1/message/${encodeURIComponent(id)}/part/${encodeURIComponent(part.PartID)}`),
      })),
    );
    return {
      subject: message.Subject,
      text: message.Text,
      from: message.From.Name ? `${message.From.Name} <${message.From.Address}>` : message.From.Address,
      to: (message.To ?? []).map((to) => to.Address),
      links: message.Text.split(/\s+/).filter((word) => /^https?:\/\//.test(word)),
      attachments,
    };
  }

  private async text(path: string): Promise<string> {
    return (await this.fetched(path)).text();
  }

  private async get<T>(path: string): Promise<T> {
    return (await (await this.fetched(path)).json()) as T;
  }

  private async fetched(path: string): Promise<Response> {
    const response = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`Mailpit's API answered ${response.status} to GET ${path}`);
    return response;
  }
}

/**
 * Sends a plain-text message to the mail catcher's SMTP server on this machine (`mailpit sendmail`), as the api
 * would: to check the catcher and the mailbox without the api.
 */
export async function sendTestMail(smtpPort: number, mail: { from: string; to: string; subject: string; text: string }): Promise<void> {
  const message = `From: ${mail.from}\r\nTo: ${mail.to}\r\nSubject: ${mail.subject}\r\n\r\n${mail.text}\r\n`;
  await run(await mailpit(consoleReporter), ['sendmail', '-S', `127.0.0.1:${smtpPort}`, '-f', mail.from, mail.to], {
    cwd: workspaceRoot,
    input: message,
  });
}
