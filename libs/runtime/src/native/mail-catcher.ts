import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Program } from './processes';

/** Where MailDev listens: SMTP for the mail, HTTP for its web page and API; `mailDirectory` keeps the mail across restarts. */
export interface MailCatcherOptions {
  host: string;
  smtpPort: number;
  uiPort: number;
  mailDirectory: string;
}

/**
 * MailDev, the native runtime's mail catcher: an npm package (package.json pins its release), run by the Node that runs
 * this, so the native platform needs neither Go nor a download (the docker stack runs Mailpit's image instead).
 */
export function mailCatcher(workspaceRoot: string, { host, smtpPort, uiPort, mailDirectory }: MailCatcherOptions): Program {
  const home = join(workspaceRoot, 'node_modules', 'maildev');
  const manifest = join(home, 'package.json');
  if (!existsSync(manifest)) throw new Error(`MailDev, the mail catcher, is not installed (${home}): run npm ci`);
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { maildev: string } };
  return {
    binary: process.execPath,
    args: [
      join(home, bin.maildev),
      ...['--ip', host, '--smtp', String(smtpPort), '--web-ip', host, '--web', String(uiPort)],
      ...['--mail-directory', mailDirectory],
    ],
    release: manifest,
  };
}
