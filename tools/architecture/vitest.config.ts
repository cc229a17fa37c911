import { projectConfig } from '../vitest/project';

export default projectConfig();
