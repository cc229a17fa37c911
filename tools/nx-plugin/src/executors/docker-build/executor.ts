import { readFileSync } from 'node:fs';
import { baseImageArguments, workspaceVersion } from '@coaching/deployment';
import { IMAGE_LABEL, imageName, isBuiltHere, isServiceName } from '@coaching/platform-model';
import { run } from '@coaching/process';
import { requireDocker } from '@coaching/runtime';
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
  const image = options.image ?? defaultImage(context.projectName);
  const revision = await gitRevision(root);
  const version = workspaceVersion(root);
  // Locally: loaded into the engine as <image>:<IMAGE_TAG> (.env, default local: the tag compose runs) and
  // <image>:<commit>. For a registry: pushed, tagged with the commit and the version.
  const tags = options.registry
    ? [`${options.registry}/${image}:${revision}`, `${options.registry}/${image}:${version}`]
    : [`${image}:${process.env.IMAGE_TAG || 'local'}`, `${image}:${revision}`];
  const { success } = await nxContainerBuild()(
    {
      engine: 'docker',
      file: fromWorkspaceRoot(root, options.file),
      context: fromWorkspaceRoot(root, options.context ?? '.'),
      target: options.target,
      load: !options.registry,
      push: Boolean(options.registry),
      tags,
      labels: await ociLabels(root, image, version),
      // Reproducible images: the same binary gives the same image id whatever the commit or the hour, so an upgrade
      // (platform:up) restarts only the services whose binary changed. The commit is in the tag, not in the image.
      'build-args': [...(options.buildArgs ?? []), ...declaredBaseImages(root, options), ...buildJobs(root, options), 'SOURCE_DATE_EPOCH=0'],
      'build-contexts': (options.buildContexts ?? []).map((entry) => {
        const [name, path] = entry.split('=', 2);
        return `${name}=${fromWorkspaceRoot(root, path)}`;
      }),
    },
    context,
  );
  return success;
});

/** The image a project builds unless told: a service of the platform's own name (`coaching-api`), else the project's. */
function defaultImage(project: string | undefined): string {
  if (isServiceName(project) && isBuiltHere(project)) return imageName(project);
  return project ?? 'image';
}

/** Of the pinned base images asked for, those the Dockerfile has an argument for (one list serves every image). */
function declaredBaseImages(root: string, options: DockerBuildExecutorOptions): string[] {
  const declared = baseImageArguments(readFileSync(fromWorkspaceRoot(root, options.file), 'utf8'));
  return (options.baseImages ?? []).filter((entry) => entry.split('=', 1)[0] in declared);
}

/**
 * CARGO_BUILD_JOBS of the environment, for a Dockerfile that takes it (`ARG BUILD_JOBS`, docker/rust.Dockerfile): cargo
 * outside a container reads it itself; inside, the build needs it passed. Fewer compilations at once need less memory.
 */
function buildJobs(root: string, options: DockerBuildExecutorOptions): string[] {
  const jobs = process.env.CARGO_BUILD_JOBS;
  if (!jobs || !/^ARG BUILD_JOBS\b/m.test(readFileSync(fromWorkspaceRoot(root, options.file), 'utf8'))) return [];
  return [`BUILD_JOBS=${jobs}`];
}

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

/** The OCI labels, and the platform's own (IMAGE_LABEL) by which the uninstall finds every image of the platform. */
async function ociLabels(root: string, image: string, version: string): Promise<string[]> {
  const source = await run('git', ['remote', 'get-url', 'origin'], { cwd: root }).then(
    (result) => result.stdout.trim(),
    () => 'local',
  );
  return [
    `org.opencontainers.image.title=${image}`,
    `org.opencontainers.image.source=${source}`,
    `org.opencontainers.image.version=${version}`,
    `${IMAGE_LABEL.name}=${IMAGE_LABEL.value}`,
  ];
}
