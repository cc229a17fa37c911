import { createTransport } from 'nodemailer';

/** One message as the mail catcher received it. */
export interface Mail {
  subject: string;
  /** The plain-text body, its lines ending in \n. */
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

/** A message as one catcher's API gives it: `Mail` but its links, and where each attachment is read. */
interface CaughtMail extends Omit<Mail, 'links' | 'attachments'> {
  attachments: { fileName: string; path: string }[];
}

/** GET `path` of the catcher's API, failing on an answer other than 2xx. */
type Get = (path: string) => Promise<Response>;

/** What one mail catcher's HTTP API is asked, and how its answers read. */
interface CatcherApi {
  name: string;
  /** A path that this catcher answers with 2xx and the other with 404: how the mailbox tells which one it talks to. */
  signature: string;
  /** The messages that may be to `address`, oldest first, with their recipients' addresses. */
  messagesTo(get: Get, address: string): Promise<{ id: string; to: string[] }[]>;
  message(get: Get, id: string): Promise<CaughtMail>;
}

/** `Name <address>`, or the bare address. */
function sender({ name, address }: { name?: string; address: string }): string {
  return name ? `${name} <${address}>` : address;
}

/** Mailpit: the docker stack's mail catcher (and the Rust tests'). */
const MAILPIT: CatcherApi = {
  name: 'Mailpit',
  signature: '/api/v1/info',
  async messagesTo(get, address) {
    // Its `to:` search matches parts of addresses too; newest first.
    const found = (await (await get(`/api/v1/search?query=${encodeURIComponent(`to:"${address}"`)}`)).json()) as {
      messages: { ID: string; To: { Address: string }[] | null }[];
    };
    return found.messages.map((message) => ({ id: message.ID, to: (message.To ?? []).map((to) => to.Address) })).reverse();
  },
  async message(get, id) {
    type Address = { Name: string; Address: string };
    const message = (await (await get(`/api/v1/message/${encodeURIComponent(id)}`)).json()) as {
      Subject: string;
      Text: string;
      From: Address;
      To: Address[] | null;
      Attachments: { PartID: string; FileName: string }[];
    };
    return {
      subject: message.Subject,
      text: message.Text,
      from: sender({ name: message.From.Name, address: message.From.Address }),
      to: (message.To ?? []).map((to) => to.Address),
      attachments: message.Attachments.map((part) => ({
        fileName: part.FileName,
        path: `/api/v1/message/${encodeURIComponent(id)}/part/${encodeURIComponent(part.PartID)}`,
      })),
    };
  },
};

/** MailDev: the native runtime's mail catcher. */
const MAILDEV: CatcherApi = {
  name: 'MailDev',
  signature: '/api/healthz',
  async messagesTo(get) {
    // Every message (its own filters match addresses in one case only).
    const found = (await (await get('/api/email?sort=asc')).json()) as { id: string; to: { address: string }[] }[];
    return found.map((message) => ({ id: message.id, to: message.to.map((to) => to.address) }));
  },
  async message(get, id) {
    type Address = { name?: string; address: string };
    const message = (await (await get(`/api/email/${encodeURIComponent(id)}`)).json()) as {
      subject: string;
      text?: string;
      from: Address[];
      to: Address[];
      attachments: { filename: string; generatedFileName: string }[];
    };
    return {
      subject: message.subject,
      text: message.text ?? '',
      from: sender(message.from[0]),
      to: message.to.map((to) => to.address),
      attachments: message.attachments.map((attachment) => ({
        fileName: attachment.filename,
        path: `/api/email/${encodeURIComponent(id)}/attachment/${encodeURIComponent(attachment.generatedFileName)}`,
      })),
    };
  },
};

/** The catchers a mailbox reads, in the order it asks whether it talks to them. */
const CATCHERS = [MAILDEV, MAILPIT];

/** How long `messageTo` waits for a message to arrive. */
const DELIVERY_WAIT_MS = 10_000;

/**
 * The mail the platform sent, read through the mail catcher's HTTP API (`http://127.0.0.1:<MAIL_UI_PORT>`:
 * `localUrl(settings, 'mail')`, or a temporary platform's `mailUrl`): MailDev natively, Mailpit in docker, told apart
 * by the first question. Each `messageTo` hands out the next message to that address it has not handed out yet, so a
 * test reads a second mail to the same person after the first.
 */
export class Mailbox {
  private readonly handedOut = new Set<string>();
  private catcher: CatcherApi | undefined;
  private readonly get: Get = async (path) => {
    const response = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`the mail catcher at ${this.url} answered ${response.status} to GET ${path}`);
    return response;
  };

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

  /** Ids of the messages to exactly `address` (in any case), oldest first. */
  private async idsTo(address: string): Promise<string[]> {
    const messages = await (await this.api()).messagesTo(this.get, address);
    return messages.filter((message) => message.to.some((to) => to.toLowerCase() === address.toLowerCase())).map((message) => message.id);
  }

  private async message(id: string): Promise<Mail> {
    const { attachments, ...message } = await (await this.api()).message(this.get, id);
    return {
      ...message,
      // Mailpit keeps the message's CRLF line ends, MailDev gives LF: one shape, whichever caught it.
      text: message.text.replaceAll('\r\n', '\n'),
      links: message.text.split(/\s+/).filter((word) => /^https?:\/\//.test(word)),
      attachments: await Promise.all(attachments.map(async ({ fileName, path }) => ({ fileName, text: await (await this.get(path)).text() }))),
    };
  }

  /** The API of the catcher at `url`, asked once. */
  private async api(): Promise<CatcherApi> {
    if (this.catcher) return this.catcher;
    for (const catcher of CATCHERS) {
      const answer = await fetch(`${this.url}${catcher.signature}`, { signal: AbortSignal.timeout(5_000) });
      await answer.body?.cancel();
      if (answer.ok) return (this.catcher = catcher);
    }
    const tried = CATCHERS.map((catcher) => `${catcher.name}: GET ${catcher.signature}`).join(', ');
    throw new Error(`no mail catcher this mailbox reads answers at ${this.url} (${tried})`);
  }
}

/**
 * Sends a plain-text message to the mail catcher's SMTP server on this machine, as the api would: to check the
 * catcher and the mailbox without the api.
 */
export async function sendTestMail(smtpPort: number, mail: { from: string; to: string; subject: string; text: string }): Promise<void> {
  // Plain SMTP on this machine, as the api sends to the catcher: no STARTTLS, even where one is offered.
  const transport = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail(mail);
  } finally {
    transport.close();
  }
}
