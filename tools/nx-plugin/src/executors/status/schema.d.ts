import type { RuntimeChoice } from '@coaching/use-cases';

export interface StatusExecutorOptions {
  runtime?: RuntimeChoice;
}
