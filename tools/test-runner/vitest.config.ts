import { projectConfig } from '../vitest/project';

// Each test runs `npm test` as a process, which reads the whole Nx graph.
export default projectConfig({ testTimeout: 60_000 });
