import type { RuntimeChoice } from '../shared/runtime';

export interface RestoreExecutorOptions {
  file?: string;
  offsite?: boolean;
  snapshot?: string;
  identity?: string;
  yes?: boolean;
  forceProduction?: boolean;
  runtime?: RuntimeChoice;
}
