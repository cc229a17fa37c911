import type { RuntimeChoice } from '../platform';

export interface SeedExecutorOptions {
  build?: boolean;
  runtime?: RuntimeChoice;
}
