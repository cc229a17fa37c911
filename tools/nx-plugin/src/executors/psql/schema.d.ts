import type { RuntimeChoice } from '../platform';

export interface PsqlExecutorOptions {
  command?: string;
  runtime?: RuntimeChoice;
}
