import type { RuntimeChoice } from '@coaching/use-cases';

export interface RestoreExecutorOptions {
  file?: string;
  offsite?: boolean;
  snapshot?: string;
  identity?: string;
  yes?: boolean;
  forceProduction?: boolean;
  runtime?: RuntimeChoice;
}
