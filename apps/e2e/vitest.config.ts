import { projectConfig } from '../../tools/vitest/project';

/** Each file starts a whole platform; one at a time keeps ports, CPU and PostgreSQL calm. */
export const ONE_PLATFORM_AT_A_TIME = { fileParallelism: false, testTimeout: 180_000, hookTimeout: 300_000 };

// The tests that need a Docker engine (src/docker/) are the `test-docker` target's (vitest.docker.config.ts).
export default projectConfig({ ...ONE_PLATFORM_AT_A_TIME, exclude: ['src/docker/**'] });
