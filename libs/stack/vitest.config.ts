import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../tools/vitest/aliases';

export default defineConfig({
  resolve: { alias: workspaceAliases() },
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
    // Some specs start real processes (PostgreSQL, the platform's binaries).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
