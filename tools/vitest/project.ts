import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { workspaceAliases } from './aliases';

type TestOptions = NonNullable<ViteUserConfig['test']>;

/**
 * The vitest configuration every TypeScript project shares: specs beside the code in src/, Node, and the
 * workspace's path aliases; `test` adds what one project needs (longer timeouts for real processes...).
 */
export function projectConfig(test: TestOptions = {}): ViteUserConfig {
  return defineConfig({
    resolve: { alias: workspaceAliases() },
    test: { include: ['src/**/*.spec.ts'], environment: 'node', ...test },
  });
}
