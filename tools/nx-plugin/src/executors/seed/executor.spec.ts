import { describe, expect, it, vi } from 'vitest';
import { executorContext, openWith } from '../shared/testing';

vi.mock('../shared/runtime');

import seedExecutor from './executor';

describe('seed', () => {
  it('runs api seed against the runtime database', async () => {
    const runtime = openWith();

    expect(await seedExecutor({}, executorContext())).toEqual({ success: true });
    expect(runtime.database.api).toHaveBeenCalledWith(['seed']);
  });
});
