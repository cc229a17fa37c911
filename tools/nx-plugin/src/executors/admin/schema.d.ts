import type { RuntimeChoice } from '@coaching/use-cases';

export interface AdminExecutorOptions {
  email: string;
  name: string;
  superAdmin?: boolean;
  build?: boolean;
  runtime?: RuntimeChoice;
}
