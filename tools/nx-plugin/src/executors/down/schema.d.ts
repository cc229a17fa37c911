import type { RuntimeChoice } from '@coaching/use-cases';

export interface DownExecutorOptions {
  runtime?: RuntimeChoice;
  volumes?: boolean;
  yes?: boolean;
}
