import { describe, expect, it, vi } from 'vitest';
import { executorContext, openWith } from '../shared/testing';

vi.mock('../shared/runtime');

import adminExecutor from './executor';

describe('admin', () => {
  it('runs api admin create against the runtime database, each value one argument', async () => {
    const runtime = openWith();
    const options = { email: 'ada@example.com', name: 'Ada "The Countess" Lovelace; rm -rf /', build: false };

    expect(await adminExecutor(options, executorContext())).toEqual({ success: true });
    expect(runtime.database.api).toHaveBeenCalledWith(['admin', 'create', '--email', 'ada@example.com', '--name', options.name]);
  });

  it('asks for a super admin only when told', async () => {
    const runtime = openWith();

    await adminExecutor({ email: 'ada@example.com', name: 'Ada', superAdmin: true, build: false }, executorContext());
    expect(runtime.database.api).toHaveBeenCalledWith(['admin', 'create', '--email', 'ada@example.com', '--name', 'Ada', '--super-admin']);
  });
});
