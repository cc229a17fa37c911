import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentReporter } from '@coaching/process';
import { freePorts } from '../ports';
import { readSettings } from '../settings';
import { NativeRuntime } from './runtime';

const workspaceRoot = join(__dirname, '..', '..', '..', '..');

describe('the native runtime', () => {
  let dataDir: string;
  let runtime: NativeRuntime;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'native-runtime-'));
    await chmod(dataDir, 0o755);
    const settings = readSettings(dataDir, { PLATFORM_DATA_DIR: dataDir, ...(await freePorts()) });
    runtime = new NativeRuntime({ workspaceRoot, settings, reporter: silentReporter });
  });
  afterAll(async () => {
    await runtime.down({ volumes: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts a service that needs no database in a data folder nothing made yet', async () => {
    const [mail] = await runtime.up({ services: ['mail'] }).then((rows) => rows.filter((row) => row.service === 'mail'));

    expect(mail).toMatchObject({ state: 'running', health: 'ready' });
    expect(existsSync(join(dataDir, 'logs', 'mail.log'))).toBe(true);
  });

  it('fails at once when a service exits before it is ready, with the end of its log', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'native-runtime-'));
    const settings = readSettings(folder, { PLATFORM_DATA_DIR: folder, ...(await freePorts()) });
    const other = new NativeRuntime({ workspaceRoot, settings, reporter: silentReporter, readyTimeoutMs: 120_000 });
    // Another program holds the mail catcher's SMTP port: MailDev exits on start.
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(settings.ports.smtp, settings.bindAddress, resolve));
    try {
      const started = Date.now();
      await expect(other.up({ services: ['mail'] })).rejects.toThrow(
        new RegExp(`^mail stopped before it was ready; its log is ${join(folder, 'logs', 'mail.log')}, which ends:\\n[^]*EADDRINUSE`),
      );
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      holder.close();
      await other.down({ volumes: true });
      await rm(folder, { recursive: true, force: true });
    }
  });
});
