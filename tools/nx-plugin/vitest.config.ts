import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
    // The graph specs spawn cargo and nx for real; a cold `nx show` without the daemon takes seconds.
    testTimeout: 60_000,
  },
});
