import { logger } from '@nx/devkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IMAGE_LABEL, imageName } from '@coaching/platform-model';
import { executorContext, muteLogger } from '../shared/testing';

const mocks = vi.hoisted(() => ({ run: vi.fn(), requireDocker: vi.fn(), build: vi.fn() }));
vi.mock('@coaching/process', async (importOriginal) => ({ ...(await importOriginal<typeof import('@coaching/process')>()), run: mocks.run }));
vi.mock('@coaching/runtime', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@coaching/runtime')>()),
  requireDocker: mocks.requireDocker,
}));
vi.mock('./nx-container', () => ({ nxContainerBuild: () => mocks.build }));
vi.mock('node:fs', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:fs')>()),
  readFileSync: (path: string) => (String(path).endsWith('rust.Dockerfile') ? 'ARG BUILD_JOBS=\n' : '[workspace.package]\nversion = "1.2.3"\n'),
}));

import dockerBuildExecutor from './executor';

/** What git answers for each question the executor asks. */
function git(answers: Record<string, string>): void {
  mocks.run.mockImplementation(async (_file: string, args: string[]) => {
    const answer = answers[args.join(' ')];
    if (answer === undefined) throw new Error(`unexpected git ${args.join(' ')}`);
    return { stdout: answer, stderr: '' };
  });
}

describe('docker-build', () => {
  beforeEach(() => {
    mocks.requireDocker.mockReset().mockResolvedValue('26.1.5');
    mocks.build.mockReset().mockResolvedValue({ success: true });
    git({
      'rev-parse --short=12 HEAD': '0123456789ab',
      'status --porcelain --untracked-files=no': '',
      'remote get-url origin': 'https://example.com/coaching.git',
    });
  });

  it('resolves every path from the workspace root, whichever directory nx was started from', async () => {
    const context = { ...executorContext('/repo'), projectName: 'api', cwd: '/repo/apps/api' };

    const result = await dockerBuildExecutor(
      { file: 'docker/rust.Dockerfile', target: 'api', buildArgs: ['APP=api'], buildContexts: ['vendor=tmp/cargo-vendor'] },
      context,
    );

    expect(result).toEqual({ success: true });
    expect(mocks.build).toHaveBeenCalledWith(
      {
        engine: 'docker',
        file: '/repo/docker/rust.Dockerfile',
        context: '/repo',
        target: 'api',
        load: true,
        push: false,
        tags: ['coaching-api:local', 'coaching-api:0123456789ab'],
        labels: [
          'org.opencontainers.image.title=coaching-api',
          'org.opencontainers.image.source=https://example.com/coaching.git',
          'org.opencontainers.image.version=1.2.3',
          'io.coaching-platform.project=coaching',
        ],
        'build-args': ['APP=api', 'SOURCE_DATE_EPOCH=0'],
        'build-contexts': ['vendor=/repo/tmp/cargo-vendor'],
      },
      context,
    );
  });

  it('marks images built from uncommitted changes', async () => {
    git({
      'rev-parse --short=12 HEAD': '0123456789ab',
      'status --porcelain --untracked-files=no': ' M apps/api/src/main.rs',
      'remote get-url origin': 'https://example.com/coaching.git',
    });

    await dockerBuildExecutor({ file: 'docker/postgres.Dockerfile' }, { ...executorContext('/repo'), projectName: 'db' });

    expect(mocks.build.mock.calls[0][0].tags).toEqual(['coaching-db:local', 'coaching-db:0123456789ab-dirty']);
  });

  it('pushes to a registry when given one, tagged with the commit and the version, and loads nothing locally', async () => {
    await dockerBuildExecutor({ file: 'docker/rust.Dockerfile', registry: 'ghcr.io/example' }, { ...executorContext('/repo'), projectName: 'web' });

    expect(mocks.build.mock.calls[0][0]).toMatchObject({
      load: false,
      push: true,
      tags: ['ghcr.io/example/coaching-web:0123456789ab', 'ghcr.io/example/coaching-web:1.2.3'],
    });
  });

  it('tags local images with IMAGE_TAG, the tag compose runs', async () => {
    vi.stubEnv('IMAGE_TAG', 'next');
    try {
      await dockerBuildExecutor({ file: 'docker/postgres.Dockerfile' }, { ...executorContext('/repo'), projectName: 'db' });
    } finally {
      vi.unstubAllEnvs();
    }

    expect(mocks.build.mock.calls[0][0].tags).toEqual(['coaching-db:next', 'coaching-db:0123456789ab']);
  });

  it("names each service's image from the platform model, with the label the uninstall finds them by", async () => {
    for (const service of ['db', 'api', 'web'] as const) {
      mocks.build.mockClear();
      await dockerBuildExecutor({ file: 'docker/rust.Dockerfile' }, { ...executorContext('/repo'), projectName: service });
      const { tags, labels } = mocks.build.mock.calls[0][0] as { tags: string[]; labels: string[] };
      expect(tags[0]).toBe(`${imageName(service)}:local`);
      expect(labels).toContain(`${IMAGE_LABEL.name}=${IMAGE_LABEL.value}`);
    }
    mocks.build.mockClear();
    await dockerBuildExecutor({ file: 'docker/rust.Dockerfile', image: 'bench-api' }, { ...executorContext('/repo'), projectName: 'api' });
    expect(mocks.build.mock.calls[0][0].tags[0]).toBe('bench-api:local');
  });

  it('builds with fewer compilations at once when CARGO_BUILD_JOBS says so, in a Dockerfile that takes it', async () => {
    vi.stubEnv('CARGO_BUILD_JOBS', '1');
    try {
      await dockerBuildExecutor({ file: 'docker/rust.Dockerfile', buildArgs: ['APP=api'] }, { ...executorContext('/repo'), projectName: 'api' });
      await dockerBuildExecutor({ file: 'docker/postgres.Dockerfile' }, { ...executorContext('/repo'), projectName: 'db' });
    } finally {
      vi.unstubAllEnvs();
    }

    expect(mocks.build.mock.calls[0][0]['build-args']).toEqual(['APP=api', 'BUILD_JOBS=1', 'SOURCE_DATE_EPOCH=0']);
    expect(mocks.build.mock.calls[1][0]['build-args']).toEqual(['SOURCE_DATE_EPOCH=0']);
  });

  it('fails in one line when no engine answers, without building', async () => {
    muteLogger();
    mocks.requireDocker.mockRejectedValue(new Error('No Docker engine answers: start Docker Desktop or the docker service'));

    expect(await dockerBuildExecutor({ file: 'docker/postgres.Dockerfile' }, executorContext())).toEqual({ success: false });
    expect(mocks.build).not.toHaveBeenCalled();
    expect(logger.error).toHaveBeenCalledWith('docker-build failed: No Docker engine answers: start Docker Desktop or the docker service');
  });
});
