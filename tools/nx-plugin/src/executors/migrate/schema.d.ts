import type { RuntimeChoice } from '@coaching/use-cases';

export interface MigrateExecutorOptions {
  down?: number;
  status?: boolean;
  fresh?: boolean;
  yes?: boolean;
  build?: boolean;
  runtime?: RuntimeChoice;
}
