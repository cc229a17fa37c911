import type { RuntimeChoice } from '@coaching/use-cases';

export interface OutboxExecutorOptions {
  requeue?: boolean;
  runtime?: RuntimeChoice;
}
