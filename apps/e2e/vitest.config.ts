import { projectConfig } from '../../tools/vitest/project';

// Each file starts a whole platform; one at a time keeps ports, CPU and PostgreSQL calm.
export default projectConfig({ fileParallelism: false, testTimeout: 180_000, hookTimeout: 300_000 });
