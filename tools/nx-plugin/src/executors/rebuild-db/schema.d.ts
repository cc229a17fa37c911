import type { RuntimeChoice } from '../platform';

export interface RebuildDbExecutorOptions {
  yes?: boolean;
  backup?: boolean;
  build?: boolean;
  runtime?: RuntimeChoice;
}
