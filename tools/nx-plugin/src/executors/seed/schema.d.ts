import type { RuntimeChoice } from '../shared/runtime';

export interface SeedExecutorOptions {
  build?: boolean;
  runtime?: RuntimeChoice;
}
