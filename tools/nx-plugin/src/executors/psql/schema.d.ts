import type { RuntimeChoice } from '../shared/runtime';

export interface PsqlExecutorOptions {
  command?: string;
  runtime?: RuntimeChoice;
}
