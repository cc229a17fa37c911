import { readFileSync } from 'node:fs';
import { requireDocker, run } from '@coaching/stack';
import { fromWorkspaceRoot } from '../../utils/paths';
import { executor } from '../shared/executor';
import { nxContainerBuild } from './nx-container';
import type { DockerBuildExecutorOptions } from './schema';

/**
 * `@nx-tools/nx-container:build`, made independent of the directory `nx` was started from: upstream resolves
 * `context` and `file` against the current directory (gperdomor/oss#974, #1129), so `nx run api:docker-build`
 * from `apps/api` would build the wrong folder. Here every path is made absolute from the workspace root first.
 */
export default executor<DockerBuildExecutorOptions>('docker-build', async (options, context) => {
  const root = context.root;
  await requireDocker(root, ['buildx']);
  const image = options.image ?? context.projectName ?? 'image';
  const revision = await gitRevision(root);
  const { success } = await nxContainerBuild()(
    {
      engine: 'docker',
      file: fromWorkspaceRoot(root, options.file),
      context: fromWorkspaceRoot(root, options.context ?? '.'),
      target: options.target,
      load: true,
      tags: [`${image}:local`, `${image}:${revision}`],
      labels: await ociLabels(root, image, revision),
      'build-args': options.buildArgs ?? [],
      'build-contexts': (options.buildContexts ?? []).map((entry) => {
        const [name, path] = entry.split('=', 2);
        return `${name}=${fromWorkspaceRoot(root, path)}`;
      }),
    },
    context,
  );
  return success;
});

/** The commit the image is built from, marked `-dirty` when the working tree has uncommitted changes. */
async function gitRevision(root: string): Promise<string> {
  try {
    const sha = (await run('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root })).stdout.trim();
    const dirty = (await run('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root })).stdout.trim();
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return 'unversioned';
  }
}

async function ociLabels(root: string, image: string, revision: string): Promise<string[]> {
  const source = await run('git', ['remote', 'get-url', 'origin'], { cwd: root }).then(
    (result) => result.stdout.trim(),
    () => 'local',
  );
  const cargoToml = readFileSync(fromWorkspaceRoot(root, 'Cargo.toml'), 'utf8');
  const version = /\[workspace\.package\][^[]*?\bversion\s*=\s*"([^"]+)"/.exec(cargoToml)?.[1] ?? '0.0.0';
  return [
    `org.opencontainers.image.title=${image}`,
    `org.opencontainers.image.source=${source}`,
    `org.opencontainers.image.revision=${revision}`,
    `org.opencontainers.image.version=${version}`,
  ];
}
