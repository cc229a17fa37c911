import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The workspace's TypeScript path aliases (tsconfig.base.json `paths`) as Vite aliases, so specs import
 * `@coaching/stack` exactly as Nx-loaded code does. One source of truth for every vitest.config.ts.
 */
export function workspaceAliases(): Record<string, string> {
  const root = resolve(__dirname, '..', '..');
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return Object.fromEntries(
    Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [alias, join(root, target)]),
  );
}
