import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AliasOptions } from 'vite';

/**
 * The workspace's TypeScript path aliases (tsconfig.base.json `paths`) as Vite aliases, so specs import
 * `@coaching/runtime` exactly as Nx-loaded code does. One source of truth for every vitest.config.ts.
 *
 * A path without `*` matches only itself in TypeScript, while a Vite string alias also matches as a prefix
 * (`@coaching/runtime` would swallow a `@coaching/runtime/…` entry point): each alias is therefore an exact-match pattern.
 */
export function workspaceAliases(): AliasOptions {
  const root = resolve(__dirname, '..', '..');
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => ({
    find: new RegExp(`^${alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
    replacement: join(root, target),
  }));
}
