import type { RuntimeChoice } from '../shared/runtime';

export interface DriftExecutorOptions {
  dbml?: string;
  schema?: string;
  runtime?: RuntimeChoice;
}
