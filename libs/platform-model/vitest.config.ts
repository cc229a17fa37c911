import { projectConfig } from '../../tools/vitest/project';

export default projectConfig();
