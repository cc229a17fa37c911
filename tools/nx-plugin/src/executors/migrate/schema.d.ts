import type { RuntimeChoice } from '../platform';

export interface MigrateExecutorOptions {
  down?: number;
  status?: boolean;
  fresh?: boolean;
  yes?: boolean;
  build?: boolean;
  runtime?: RuntimeChoice;
}
