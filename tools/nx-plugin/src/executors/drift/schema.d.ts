import type { RuntimeChoice } from '@coaching/use-cases';

export interface DriftExecutorOptions {
  dbml?: string;
  schema?: string;
  runtime?: RuntimeChoice;
}
