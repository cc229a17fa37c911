import type { RuntimeChoice } from '@coaching/use-cases';

export interface UpExecutorOptions {
  runtime?: RuntimeChoice;
  /** Checked against the platform model by the executor. */
  services?: string[];
  build?: boolean;
  backup?: boolean;
  production?: boolean;
}
