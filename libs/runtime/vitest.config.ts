import { projectConfig } from '../../tools/vitest/project';

// Some specs start real processes (PostgreSQL, the platform's binaries).
export default projectConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
