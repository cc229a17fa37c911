import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../tools/vitest/aliases';

export default defineConfig({
  resolve: { alias: workspaceAliases() },
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
    // Each file starts a whole platform; one at a time keeps ports, CPU and PostgreSQL calm.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
