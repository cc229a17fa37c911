import { projectConfig } from '../../tools/vitest/project';
import { ONE_PLATFORM_AT_A_TIME } from './vitest.config';

/** The tests that need a Docker engine: the `test-docker` target, which depends on the image builds. */
export default projectConfig({ ...ONE_PLATFORM_AT_A_TIME, include: ['src/docker/**/*.spec.ts'] });
