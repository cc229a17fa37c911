import { logger, type ExecutorContext } from '@nx/devkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nxReporter } from '../shared/reporter';
import { executorContext, muteLogger } from '../shared/testing';

const stack = vi.hoisted(() => ({ publishRelease: vi.fn(), readSettings: vi.fn() }));
vi.mock('@coaching/deployment', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@coaching/deployment')>()),
  publishRelease: stack.publishRelease,
}));
vi.mock('@coaching/runtime', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@coaching/runtime')>()),
  readSettings: stack.readSettings,
}));

import releasePublishExecutor from './executor';

/** The workspace as Nx describes it: each image's project with its docker-build target. */
function withImages(root = '/repo'): ExecutorContext {
  const dockerBuild = (file: string, target?: string) => ({ targets: { 'docker-build': { options: { file, ...(target ? { target } : {}) } } } });
  return {
    ...executorContext(root),
    projectsConfigurations: {
      version: 2,
      projects: {
        db: { root: 'apps/db', ...dockerBuild('docker/postgres.Dockerfile') },
        api: { root: 'apps/api', ...dockerBuild('docker/rust.Dockerfile', 'api') },
        web: { root: 'apps/web', ...dockerBuild('docker/rust.Dockerfile', 'web') },
      },
    },
  } as ExecutorContext;
}

describe('release-publish', () => {
  beforeEach(() => {
    muteLogger();
    stack.publishRelease.mockReset().mockResolvedValue(undefined);
    stack.readSettings.mockReset().mockReturnValue({ releaseRegistry: undefined });
    vi.unstubAllEnvs();
  });

  it("publishes to the registry nx release publish passes, each image built as its project's docker-build says", async () => {
    expect(await releasePublishExecutor({ registry: 'ghcr.io/my-org', plainHttp: false }, withImages())).toEqual({ success: true });
    expect(stack.publishRelease).toHaveBeenCalledWith({
      workspaceRoot: '/repo',
      registry: 'ghcr.io/my-org',
      builds: [
        { image: 'db', dockerfile: 'docker/postgres.Dockerfile', target: undefined },
        { image: 'api', dockerfile: 'docker/rust.Dockerfile', target: 'api' },
        { image: 'web', dockerfile: 'docker/rust.Dockerfile', target: 'web' },
      ],
      plainHttp: false,
      baseImageMirror: undefined,
      dryRun: false,
      reporter: nxReporter,
    });
  });

  it('falls back to RELEASE_REGISTRY, and follows the dry run nx release sets for every task', async () => {
    stack.readSettings.mockReturnValue({ releaseRegistry: 'registry.example.org/coaching' });
    vi.stubEnv('NX_DRY_RUN', 'true');
    expect(await releasePublishExecutor({}, withImages())).toEqual({ success: true });
    expect(stack.publishRelease).toHaveBeenCalledWith(expect.objectContaining({ registry: 'registry.example.org/coaching', dryRun: true }));
  });

  it('refuses without a registry, publishing nothing', async () => {
    expect(await releasePublishExecutor({}, withImages())).toEqual({ success: false });
    expect(logger.error).toHaveBeenCalledWith('Where to? Pass --registry=ghcr.io/<owner> (or set RELEASE_REGISTRY).');
    expect(stack.publishRelease).not.toHaveBeenCalled();
  });
});
