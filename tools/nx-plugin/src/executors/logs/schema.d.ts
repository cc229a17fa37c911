import type { RuntimeChoice } from '../shared/runtime';

export interface LogsExecutorOptions {
  /** Checked against the platform model by the executor. */
  service?: string;
  follow?: boolean;
  runtime?: RuntimeChoice;
}
