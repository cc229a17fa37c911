import { logger } from '@nx/devkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { executorContext, muteLogger, openWith } from '../shared/testing';

vi.mock('../shared/runtime');

import migrateExecutor, { migrateArguments } from './executor';

describe('migrate', () => {
  beforeEach(() => muteLogger());

  it.each([
    [{}, ['migrate', 'up']],
    [{ status: true }, ['migrate', 'status']],
    [{ down: 2, yes: true }, ['migrate', 'down', '-n', '2', '--yes']],
    [{ fresh: true, yes: true }, ['migrate', 'fresh', '--yes']],
  ])('runs api %o as %o after building the api', async (options, args) => {
    const runtime = openWith({ runtimeEnv: 'development' });

    expect(await migrateExecutor(options, executorContext('/repo'))).toEqual({ success: true });
    expect(runtime.database.api).toHaveBeenCalledWith(args);
    expect(runtime.build).toHaveBeenCalledWith(['api']);
  });

  it('asks before deleting data and does nothing without a yes', async () => {
    const runtime = openWith({ runtimeEnv: 'development' });

    expect(await migrateExecutor({ down: 1 }, executorContext())).toEqual({ success: false });
    expect(await migrateExecutor({ fresh: true }, executorContext())).toEqual({ success: false });
    expect(runtime.database.api).not.toHaveBeenCalled();
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('--yes'));
  });

  it('never deletes data in production', async () => {
    const runtime = openWith({ runtimeEnv: 'production' });

    expect(await migrateExecutor({ fresh: true, yes: true }, executorContext())).toEqual({ success: false });
    expect(runtime.database.api).not.toHaveBeenCalled();
  });

  it('refuses two actions at once', () => {
    expect(() => migrateArguments({ status: true, fresh: true })).toThrow('choose one of --down, --status and --fresh');
  });
});
