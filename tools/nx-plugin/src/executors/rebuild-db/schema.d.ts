import type { RuntimeChoice } from '../shared/runtime';

export interface RebuildDbExecutorOptions {
  yes?: boolean;
  backup?: boolean;
  build?: boolean;
  runtime?: RuntimeChoice;
}
