import type { RuntimeChoice } from '../shared/runtime';

export interface MigrateExecutorOptions {
  down?: number;
  status?: boolean;
  fresh?: boolean;
  yes?: boolean;
  build?: boolean;
  runtime?: RuntimeChoice;
}
