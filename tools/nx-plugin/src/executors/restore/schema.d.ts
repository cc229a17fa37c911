import type { RuntimeChoice } from '../shared/runtime';

export interface RestoreExecutorOptions {
  file: string;
  yes?: boolean;
  forceProduction?: boolean;
  runtime?: RuntimeChoice;
}
