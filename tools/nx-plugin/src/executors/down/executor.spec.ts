import { logger } from '@nx/devkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { executorContext, muteLogger, openWith } from '../shared/testing';

vi.mock('../shared/runtime');

import downExecutor from './executor';

describe('down', () => {
  beforeEach(() => muteLogger());

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
    const runtime = openWith({ runtimeEnv: 'development' });

    expect(await downExecutor({ volumes: true, yes: true }, executorContext())).toEqual({ success: true });
    expect(runtime.down).toHaveBeenCalledWith({ volumes: true });
  });

  it('never deletes data in production', async () => {
    const runtime = openWith({ runtimeEnv: 'production' });

    expect(await downExecutor({ volumes: true, yes: true }, executorContext())).toEqual({ success: false });
    expect(runtime.down).not.toHaveBeenCalled();
  });
});
