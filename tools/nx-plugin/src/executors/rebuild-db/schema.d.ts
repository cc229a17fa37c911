import type { RuntimeChoice } from '@coaching/use-cases';

export interface RebuildDbExecutorOptions {
  yes?: boolean;
  backup?: boolean;
  build?: boolean;
  runtime?: RuntimeChoice;
}
