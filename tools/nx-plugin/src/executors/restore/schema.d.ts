import type { RuntimeChoice } from '../platform';

export interface RestoreExecutorOptions {
  file: string;
  yes?: boolean;
  forceProduction?: boolean;
  runtime?: RuntimeChoice;
}
