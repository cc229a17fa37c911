import type { RuntimeChoice } from '../shared/runtime';

export interface AdminExecutorOptions {
  email: string;
  name: string;
  superAdmin?: boolean;
  build?: boolean;
  runtime?: RuntimeChoice;
}
