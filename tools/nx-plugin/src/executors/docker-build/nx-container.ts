import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';

export type NxContainerBuild = (options: Record<string, unknown>, context: ExecutorContext) => Promise<{ success: boolean }>;

/**
 * The `build` executor of @nx-tools/nx-container, found the way Nx finds executors (the package's executors.json):
 * the package's `exports` do not expose it to `import`.
 */
export function nxContainerBuild(): NxContainerBuild {
  const packageDir = dirname(require.resolve('@nx-tools/nx-container/package.json'));
  const manifest = JSON.parse(readFileSync(join(packageDir, 'executors.json'), 'utf8')) as {
    executors: { build: { implementation: string } };
  };
  return (require(join(packageDir, manifest.executors.build.implementation)) as { default: NxContainerBuild }).default;
}
