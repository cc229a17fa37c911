import type { RuntimeChoice } from '@coaching/use-cases';

export interface PsqlExecutorOptions {
  command?: string;
  runtime?: RuntimeChoice;
}
