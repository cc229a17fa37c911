import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
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
});
