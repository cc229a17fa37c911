import { logger } from '@nx/devkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { executorContext, muteLogger } from '../shared/testing';

const runtime = vi.hoisted(() => ({ buildRelease: vi.fn() }));
vi.mock('@coaching/runtime', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@coaching/runtime')>()),
  buildRelease: runtime.buildRelease,
}));

import cargoBuildExecutor from './executor';

describe('cargo-build', () => {
  beforeEach(() => {
    muteLogger();
    runtime.buildRelease.mockReset().mockResolvedValue(undefined);
  });

  it("builds the crate from the workspace root and puts its binaries in the workspace's release folder", async () => {
    expect(await cargoBuildExecutor({ crate: 'api', binaries: ['api'] }, executorContext('/repo'))).toEqual({ success: true });
    expect(runtime.buildRelease).toHaveBeenCalledWith('/repo', 'api', ['api']);
  });

  it('builds a crate without binaries', async () => {
    expect(await cargoBuildExecutor({ crate: 'contract' }, executorContext('/repo'))).toEqual({ success: true });
    expect(runtime.buildRelease).toHaveBeenCalledWith('/repo', 'contract', []);
  });

  it('fails in one line when the build does', async () => {
    runtime.buildRelease.mockRejectedValue(new Error('cargo built no api in /elsewhere/release'));

    expect(await cargoBuildExecutor({ crate: 'api', binaries: ['api'] }, executorContext('/repo'))).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith('cargo-build failed: cargo built no api in /elsewhere/release');
  });
});
