import { join } from 'node:path';
import { CARGO_PROGRESS_ENV, runNx, withProgress, type Reporter } from '@coaching/process';

/** Where the whole output of the last build `up` ran is kept (git-ignored). */
export const BUILD_LOG = 'tmp/logs/build.log';

/**
 * Runs `target` of `projects` through the Nx graph (ordered, cached where that is sound) from the workspace root,
 * showing one line of progress instead of the build's output, which goes to BUILD_LOG. Nothing to build, nothing run.
 * `skipCache` runs every task for real (`--skip-nx-cache`).
 */
export async function buildThroughNx(
  workspaceRoot: string,
  target: 'build' | 'docker-build',
  projects: readonly string[],
  reporter: Reporter,
  { skipCache = false }: { skipCache?: boolean } = {},
): Promise<void> {
  if (projects.length === 0) return;
  const args = ['run-many', `--targets=${target}`, `--projects=${projects.join(',')}`, '--output-style=stream-without-prefixes'];
  if (skipCache) args.push('--skip-nx-cache');
  reporter.progress(`Building ${projects.join(', ')} (nx ${args.join(' ')}): the first build takes several minutes, later ones seconds.`);
  await withProgress(`Building ${projects.join(', ')}`, join(workspaceRoot, BUILD_LOG), (onOutput) =>
    runNx(workspaceRoot, args, { onOutput, env: CARGO_PROGRESS_ENV }),
  );
}
