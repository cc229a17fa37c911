import { createTransport } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { PlatformSettings } from '@coaching/platform-model';
import { run } from '@coaching/process';

/** How many lines of the failed unit's journal the alert carries. */
const JOURNAL_LINES = 40;

/** The last lines `unit` wrote to the journal, or why they cannot be read (the user is not in systemd-journal). */
export async function journalTail(unit: string, cwd: string): Promise<string> {
  return run('journalctl', ['--unit', unit, '--lines', String(JOURNAL_LINES), '--no-pager', '--output', 'short-iso'], { cwd }).then(
    (result) => result.stdout.trim() || '(the journal holds nothing for it)',
    (error: unknown) => `(its journal could not be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
  );
}

/**
 * nodemailer's options for SMTP_URL, read as the api reads it (apps/api/src/mail/mod.rs): `smtps://` is TLS from the
 * first byte; `smtp://` insists on STARTTLS when the URL holds a password or in production (`?tls=required`), takes
 * it when offered otherwise (`?tls=opportunistic`), and `?tls=none` sends in the clear, which production allows
 * only to a server on this machine.
 */
export function smtpOptions(smtpUrl: string, production: boolean): { url: string; requireTLS: boolean; ignoreTLS: boolean } {
  const url = new URL(smtpUrl);
  const asked = url.searchParams.get('tls');
  url.searchParams.delete('tls');
  if (url.protocol === 'smtps:') return { url: url.toString(), requireTLS: false, ignoreTLS: false };
  if (url.protocol !== 'smtp:') throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  const tls = asked ?? (url.password || production ? 'required' : 'opportunistic');
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (production && !loopback && tls !== 'required') {
    throw new Error(
      'SMTP_URL: RUNTIME_ENV=production sends mail to another machine only over TLS; use smtps://host:465, or smtp://host:587 without tls=',
    );
  }
  return { url: url.toString(), requireTLS: tls === 'required', ignoreTLS: tls === 'none' };
}

/** What went wrong, told to the operator. */
export interface Alert {
  subject: string;
  text: string;
}

/** Mails `alert` to OPERATOR_EMAIL through the platform's own SMTP settings (SMTP_URL, MAIL_FROM). */
export async function mailOperator(settings: PlatformSettings, alert: Alert): Promise<string> {
  const to = settings.mail.operator;
  if (!settings.mail.smtpUrl || !to) {
    throw new Error('no alert could be mailed: set SMTP_URL and OPERATOR_EMAIL in .env (docs/production.md#when-something-fails)');
  }
  const { url, requireTLS, ignoreTLS } = smtpOptions(settings.mail.smtpUrl, settings.runtimeEnv === 'production');
  const transport = createTransport({
    url,
    requireTLS,
    ignoreTLS,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  } as SMTPTransport.Options);
  try {
    const sent = await transport.sendMail({ from: settings.mail.from, to, subject: alert.subject, text: alert.text });
    return sent.messageId;
  } finally {
    transport.close();
  }
}
