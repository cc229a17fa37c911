import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../tools/vitest/aliases';

export default defineConfig({
  resolve: { alias: workspaceAliases() },
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
    // The graph specs spawn cargo and nx for real; a cold `nx show` without the daemon takes seconds.
    testTimeout: 60_000,
  },
});
