import type { RuntimeChoice } from '@coaching/use-cases';

export interface LogsExecutorOptions {
  /** Checked against the platform model by the executor. */
  service?: string;
  follow?: boolean;
  runtime?: RuntimeChoice;
}
