import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logger } from '@nx/devkit';
import { describe, expect, it, vi } from 'vitest';
import { fakeRuntime } from '@coaching/runtime/testing';
import { executorContext, folderPerTest, opened, openWith } from '../shared/testing';

vi.mock('../shared/runtime');

import downExecutor from './executor';

describe('down', () => {
  const folder = folderPerTest('down-');

  it('stops the services and keeps the data by default', async () => {
    const runtime = openWith({ runtimeEnv: 'development' });

    expect(await downExecutor({}, executorContext())).toEqual({ success: true });
    expect(runtime.down).toHaveBeenCalledWith({ volumes: false });
  });

  it('refuses to delete data without --yes', async () => {
    const runtime = openWith({ runtimeEnv: 'development' });

    expect(await downExecutor({ volumes: true }, executorContext())).toEqual({ success: false });
    expect(runtime.down).not.toHaveBeenCalled();
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('--yes'));
  });

  it('deletes data with --volumes --yes', async () => {
    const runtime = openWith({ runtimeEnv: 'development', dataDir: folder() });

    expect(await downExecutor({ volumes: true, yes: true }, executorContext())).toEqual({ success: true });
    expect(runtime.down).toHaveBeenCalledWith({ volumes: true });
  });

  it('never deletes data in production', async () => {
    const runtime = openWith({ runtimeEnv: 'production' });

    expect(await downExecutor({ volumes: true, yes: true }, executorContext())).toEqual({ success: false });
    expect(runtime.down).not.toHaveBeenCalled();
  });

  it('stops what the other runtime runs too (auto), keeping its data even with --volumes', async () => {
    const runtime = openWith({ runtimeEnv: 'development', dataDir: folder() });
    const docker = fakeRuntime({ name: 'docker' });
    opened.alsoRunning = { runtime: docker, services: ['db', 'api'] };

    expect(await downExecutor({ volumes: true, yes: true }, executorContext())).toEqual({ success: true });
    expect(runtime.down).toHaveBeenCalledWith({ volumes: true });
    expect(docker.down).toHaveBeenCalledWith({ volumes: false });
    expect(logger.info).toHaveBeenLastCalledWith(
      "Also stopped db, api (docker); its data kept (--volumes deletes the chosen runtime's data only; add --runtime=docker for this one's).",
    );
  });

  it('forgets the recorded runtime whose data it deleted', async () => {
    writeFileSync(join(folder(), 'runtime'), 'native\n');
    openWith({ runtimeEnv: 'development', dataDir: folder() });

    expect(await downExecutor({}, executorContext())).toEqual({ success: true });
    expect(existsSync(join(folder(), 'runtime'))).toBe(true);
    expect(await downExecutor({ volumes: true, yes: true }, executorContext())).toEqual({ success: true });
    expect(existsSync(join(folder(), 'runtime'))).toBe(false);
  });
});
