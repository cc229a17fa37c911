import { describe, expect, it, vi } from 'vitest';
import { executorContext, openWith } from '../shared/testing';

vi.mock('../shared/runtime');

import outboxExecutor from './executor';

describe('outbox', () => {
  it('shows what waits and what was given up on, as the api counts it', async () => {
    const runtime = openWith();

    expect(await outboxExecutor({}, executorContext())).toEqual({ success: true });
    expect(runtime.database.api).toHaveBeenCalledWith(['outbox', 'status']);
  });

  it('puts dead mail back in the queue only when told', async () => {
    const runtime = openWith();

    expect(await outboxExecutor({ requeue: true }, executorContext())).toEqual({ success: true });
    expect(runtime.database.api).toHaveBeenCalledWith(['outbox', 'requeue']);
  });
});
