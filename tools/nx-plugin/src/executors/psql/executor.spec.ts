import { logger } from '@nx/devkit';
import { describe, expect, it, vi } from 'vitest';
import { fakeDatabase, fakeRuntime } from '@coaching/runtime/testing';
import { executorContext, muteLogger, openWith } from '../shared/testing';

vi.mock('../shared/runtime');

import psqlExecutor from './executor';

describe('psql', () => {
  it('opens an interactive session by default', async () => {
    const runtime = openWith();

    expect(await psqlExecutor({}, executorContext())).toEqual({ success: true });
    expect(runtime.database.psql).toHaveBeenCalledWith(undefined);
  });

  it('runs one statement with --command', async () => {
    const runtime = openWith();

    await psqlExecutor({ command: 'SELECT 1' }, executorContext());

    expect(runtime.database.psql).toHaveBeenCalledWith('SELECT 1');
  });

  it('fails in one line when psql cannot run', async () => {
    muteLogger();
    const database = fakeDatabase();
    vi.mocked(database.psql).mockRejectedValue(new Error('psql is not installed'));
    openWith({}, fakeRuntime({ database }));

    expect(await psqlExecutor({}, executorContext())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith('psql failed: psql is not installed');
  });
});
