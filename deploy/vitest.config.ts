import { projectConfig } from '../tools/vitest/project';

// make, systemd-analyze and helm run as real processes (a first Helm install sets its own, longer timeout).
export default projectConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
