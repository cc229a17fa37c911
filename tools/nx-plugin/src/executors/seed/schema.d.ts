import type { RuntimeChoice } from '@coaching/use-cases';

export interface SeedExecutorOptions {
  build?: boolean;
  runtime?: RuntimeChoice;
}
