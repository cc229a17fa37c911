import { projectConfig } from '../vitest/project';

// The graph specs spawn cargo and nx for real; a cold `nx show` without the daemon takes seconds, and a `platform:down`
// in a hook more than ten of them on a machine busy with other test projects.
export default projectConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
