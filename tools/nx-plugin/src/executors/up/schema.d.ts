import type { RuntimeChoice } from '../shared/runtime';

export interface UpExecutorOptions {
  runtime?: RuntimeChoice;
  /** Checked against the platform model by the executor. */
  services?: string[];
  build?: boolean;
  backup?: boolean;
  production?: boolean;
}
