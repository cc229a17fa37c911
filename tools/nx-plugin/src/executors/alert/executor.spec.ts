import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { startDetached } from '@coaching/process';
import { freePort, mailCatcher, smtpOptions, waitUntilAnswered } from '@coaching/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executorContext, muteLogger } from '../shared/testing';
import alertExecutor from './executor';

describe('alert', () => {
  const root = mkdtempSync(join(tmpdir(), 'alert-'));
  let api: string;
  let pid: number;
  let smtp: number;

  beforeAll(async () => {
    smtp = await freePort();
    const http = await freePort();
    api = `http://127.0.0.1:${http}/api`;
    // The native runtime's mail catcher (MailDev), as an SMTP server the operator's mail goes through.
    const catcher = mailCatcher(workspaceRoot, { host: '127.0.0.1', smtpPort: smtp, uiPort: http, mailDirectory: join(root, 'mail') });
    pid = startDetached(catcher.binary, catcher.args, { cwd: root, env: { PATH: process.env['PATH'] ?? '' }, logFile: join(root, 'mail.log') });
    expect(await waitUntilAnswered(`${api}/healthz`, 15_000)).toBe(true);
  });
  afterAll(() => {
    process.kill(pid);
    rmSync(root, { recursive: true, force: true });
  });

  it('mails the operator through SMTP_URL that the unit failed, saying what to look at', async () => {
    muteLogger();
    writeFileSync(
      join(root, '.env'),
      `SMTP_URL=smtp://127.0.0.1:${smtp}?tls=none\nMAIL_FROM=Coaching <no-reply@coaching.example.org>\nOPERATOR_EMAIL=ops@example.org\nPUBLIC_HOST=coaching.example.org\n`,
    );

    expect(await alertExecutor({ unit: 'coaching-platform-backup.service' }, executorContext(root))).toEqual({ success: true });
    const messages = (await (await fetch(`${api}/email`)).json()) as { subject: string; to: { address: string }[]; text: string }[];
    const alert = messages.find(
      (message) => message.subject === '[coaching platform] coaching-platform-backup.service failed on coaching.example.org',
    );
    expect(alert, JSON.stringify(messages)).toBeDefined();
    expect(alert!.to.map((to) => to.address)).toEqual(['ops@example.org']);
    expect(alert!.text).toContain('systemctl status coaching-platform-backup.service');
    expect(alert!.text).toContain('Its last lines in the journal:');
  });

  it('fails, saying what to set, without SMTP_URL or OPERATOR_EMAIL', async () => {
    muteLogger();
    writeFileSync(join(root, '.env'), 'OPERATOR_EMAIL=ops@example.org\n');
    expect(await alertExecutor({ unit: 'coaching-platform.service' }, executorContext(root))).toEqual({ success: false });
  });

  it('reads SMTP_URL as the api does: TLS where a password or production asks for it, the clear only when told', () => {
    expect(smtpOptions('smtps://u:p@smtp.example.org', true)).toEqual({ url: 'smtps://u:p@smtp.example.org', requireTLS: false, ignoreTLS: false });
    expect(smtpOptions('smtp://u:p@smtp.example.org:587', false)).toMatchObject({ requireTLS: true, ignoreTLS: false });
    expect(smtpOptions('smtp://relay.example.org:25', false)).toMatchObject({ requireTLS: false, ignoreTLS: false });
    expect(smtpOptions('smtp://127.0.0.1:25?tls=none', true)).toEqual({ url: 'smtp://127.0.0.1:25', requireTLS: false, ignoreTLS: true });
    expect(() => smtpOptions('smtp://relay.example.org:25?tls=none', true)).toThrow('sends mail to another machine only over TLS');
  });
});
