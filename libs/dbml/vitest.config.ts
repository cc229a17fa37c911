import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../tools/vitest/aliases';

export default defineConfig({
  resolve: { alias: workspaceAliases() },
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
    // The drift specs run a real PostgreSQL.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
