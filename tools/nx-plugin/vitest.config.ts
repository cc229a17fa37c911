import { projectConfig } from '../vitest/project';

// The graph specs spawn cargo and nx for real; a cold `nx show` without the daemon takes seconds.
export default projectConfig({ testTimeout: 60_000 });
