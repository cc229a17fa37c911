import { projectConfig } from '../../tools/vitest/project';

// Some specs start a real native PostgreSQL.
export default projectConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
